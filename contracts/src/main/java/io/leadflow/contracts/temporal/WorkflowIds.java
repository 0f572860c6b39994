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

    /** The processing of one stored WhatsApp webhook delivery for one tenant. */
    public static String inbound(String clientCode, String webhookId) {
        return "inbound:" + clientCode + ":" + webhookId;
    }

    /** An inbox reply, keyed by the caller's {@code clientMessageId}: a repeat is the same workflow. */
    public static String inboxReply(String clientCode, String clientMessageId) {
        return "reply:" + clientCode + ":" + clientMessageId;
    }

    public static String broadcast(String clientCode, String broadcastId) {
        return "broadcast:" + clientCode + ":" + broadcastId;
    }

    /**
     * The workflow ID a tenant's scheduled job starts with ({@code job:<clientCode>:<job>}); Temporal appends the
     * scheduled time to each run's ID, which keeps the tenant in the second segment.
     */
    public static String job(String clientCode, String job) {
        return "job:" + clientCode + ":" + job;
    }

    /** The ID of a tenant's Temporal Schedule for a job ({@code no-contact:<clientCode>}). */
    public static String schedule(String clientCode, String job) {
        return job + ":" + clientCode;
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
