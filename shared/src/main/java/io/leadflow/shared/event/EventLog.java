package io.leadflow.shared.event;

import io.leadflow.shared.tenant.TenantOwned;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One received trigger (external or internal), in the central database. It is written before anything
 * else happens, so nothing accepted is lost; its status moves {@code received → processing →
 * completed | failed}, or {@code suppressed} when the loop guard cut it.
 *
 * @param idempotencyScope {@code clientCode + ":" + idempotencyKey}, unique when present
 * @param source {@code api} (client site), {@code crm} (lead lifecycle) or {@code event} (business event API)
 * @param depth how many internal triggers led to this one (loop guard)
 * @param request the trigger's payload as received (variables, meet, callback, delay)
 * @param workflowId the trigger workflow carrying the event, or null when nothing listened to it
 * @param enrolledWorkflowIds the sequences the event started
 */
@Document("event_logs")
public record EventLog(
        @Id String id,
        String clientCode,
        String trigger,
        String source,
        String status,
        String leadId,
        Integer rulesMatched,
        List<String> matchedRuleIds,
        String workflowId,
        String idempotencyKey,
        String idempotencyScope,
        int depth,
        Map<String, Object> request,
        String meetLink,
        String meetWarning,
        EventError error,
        List<StatusChange> history,
        Instant createdAt,
        Instant updatedAt,
        List<String> enrolledWorkflowIds) implements TenantOwned {

    public static final String RECEIVED = "received";
    public static final String PROCESSING = "processing";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String SUPPRESSED = "suppressed";

    /**
     * A failure recorded on the event, with a stable code.
     *
     * @param httpStatus the status the API answered with when it refused the event itself (bad input found after the
     *     event was written); a repeat with the same idempotency key gets the same answer. Null for failures of the
     *     engine, which happen after the event was accepted.
     */
    public record EventError(String code, String message, Integer httpStatus) {
        public EventError(String code, String message) {
            this(code, message, null);
        }
    }

    /** One step of the event's life. */
    public record StatusChange(String status, Instant at, String note) {
    }
}
