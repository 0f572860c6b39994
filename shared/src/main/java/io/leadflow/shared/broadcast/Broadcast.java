package io.leadflow.shared.broadcast;

import io.leadflow.shared.tenant.TenantOwned;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A template message to an audience of leads, in the tenant's database. Its recipients are written down (one row per
 * lead) before the first send, so its size is fixed and its counts are exact; the counts are read from the
 * recipients, never kept as counters that a crash could skew.
 *
 * @param template the WhatsApp template's name
 * @param variables the template's body parameters as templates ({@code {{lead.firstName}}}); null uses the template's
 *     saved mapping
 * @param scheduleAt when sending starts; null for now
 * @param status {@code scheduled}, {@code preparing}, {@code sending}, {@code completed}, {@code cancelling},
 *     {@code cancelled}
 * @param idempotencyScope {@code <clientCode>:<idempotencyKey>} when the client gave a key (a sparse unique index), so a
 *     retried create finds the broadcast its lost answer described instead of making a second one
 */
@Document("broadcasts")
public record Broadcast(
        @Id String id,
        String clientCode,
        String name,
        String template,
        String language,
        List<String> variables,
        Audience audience,
        Instant scheduleAt,
        String status,
        String workflowId,
        String cancelReason,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Instant updatedAt,
        String idempotencyScope) implements TenantOwned {

    public static final String SCHEDULED = "scheduled";
    public static final String PREPARING = "preparing";
    public static final String SENDING = "sending";
    public static final String COMPLETED = "completed";
    public static final String CANCELLING = "cancelling";
    public static final String CANCELLED = "cancelled";

    /**
     * Who receives it: leads with every one of {@code tags}, in {@code stageId}, and among {@code leadIds}; the parts
     * given all apply (at least one is required).
     */
    public record Audience(List<String> tags, String stageId, List<String> leadIds) {
    }

    public boolean stopping() {
        return CANCELLING.equals(status) || CANCELLED.equals(status);
    }
}
