package io.leadflow.contracts.temporal;

/**
 * Workflow IDs carry meaning and give idempotency: they are derived from the tenant and the business key,
 * so the same event or enrollment can never run twice at once.
 */
public final class WorkflowIds {

    private WorkflowIds() {
    }

    /** The workflow that handles one received event. */
    public static String trigger(String clientCode, String eventLogId) {
        return "trigger:" + clientCode + ":" + eventLogId;
    }

    /** The sequence of one lead in one sequence (a data rule or a code sequence). */
    public static String sequence(String clientCode, String leadId, String sequenceKey) {
        return "seq:" + clientCode + ":" + leadId + ":" + sequenceKey;
    }

    /** The tenant a Leadflow workflow ID belongs to, or null when the ID is not one of ours. */
    public static String clientCodeOf(String workflowId) {
        if (workflowId == null) {
            return null;
        }
        String[] parts = workflowId.split(":", 3);
        return parts.length == 3 ? parts[1] : null;
    }
}
