package io.leadflow.workflows.trigger;

import java.util.List;

/** How one event ended: the sequences it enrolled the lead in, and whether its callback was delivered. */
public record TriggerResult(String eventLogId, int rulesMatched, List<String> enrolledWorkflowIds, String callbackStatus) {
}
