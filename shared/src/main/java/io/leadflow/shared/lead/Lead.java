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
        Instant updatedAt) implements TenantOwned {
}
