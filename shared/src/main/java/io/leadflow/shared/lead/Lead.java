package io.leadflow.shared.lead;

import io.leadflow.shared.tenant.TenantOwned;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A lead in a tenant's CRM.
 *
 * @param phone E.164 ({@code +919876543210})
 * @param refs external references (order id, booking id) exposed to templates as {@code lead.<key>}
 * @param extra free-form attributes, also exposed as {@code lead.<key>}
 * @param timezone IANA zone for send windows; null falls back to the tenant's
 * @param optOut channels the lead opted out of ({@code whatsapp}, {@code email}: true); nothing is sent there
 * @param lastInboundAt when the lead last wrote to us (any channel), null if never
 * @param lastOutboundAt when we last sent the lead a message (any channel), null if never
 * @param lastContactAt the later of the two, else when the lead was created: what {@code no_contact} measures
 * @param scoredAt when the daily job last recalculated {@code score}
 */
@Document("leads")
public record Lead(
        @Id String id,
        String clientCode,
        String firstName,
        String lastName,
        String email,
        String phone,
        String source,
        Integer score,
        Double dealValue,
        List<String> tags,
        String assignedTo,
        String pipelineId,
        String stageId,
        Map<String, Object> refs,
        Map<String, Object> extra,
        String timezone,
        Instant createdAt,
        Instant updatedAt,
        Map<String, Boolean> optOut,
        Instant lastInboundAt,
        Instant lastOutboundAt,
        Instant lastContactAt,
        Instant scoredAt) implements TenantOwned {

    /** Whether the lead opted out of a channel. */
    public boolean optedOut(String channel) {
        return optOut != null && Boolean.TRUE.equals(optOut.get(channel));
    }
}
