package io.leadflow.activities.sequence;

/** Whether a lead was enrolled, under which workflow ID, and why not when it wasn't. */
public record EnrollmentOutcome(String workflowId, boolean enrolled, String reason) {
}
