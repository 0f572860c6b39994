package io.leadflow.shared.whatsapp;

import io.leadflow.shared.tenant.TenantOwned;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A WhatsApp message template of the tenant's business account, as last synced from the Graph API
 * ({@code /{wabaId}/message_templates}), in the tenant's database, with the tenant's saved variable mapping.
 *
 * @param status Meta's review status: {@code APPROVED}, {@code PENDING}, {@code REJECTED}, {@code PAUSED}, ...
 * @param category {@code MARKETING}, {@code UTILITY} or {@code AUTHENTICATION}
 * @param components the template's components as Meta describes them (header, body, footer, buttons)
 * @param parameterCount how many parameters the body takes ({@code {{1}}}, {@code {{2}}}, ...)
 * @param headerParameterCount how many parameters a text header takes (0 or 1)
 * @param mapping what each parameter is filled with when a sender gives no variables, as templates
 *     ({@code {{lead.firstName}}}); null until the tenant saves one
 */
@Document("whatsapp_templates")
public record WhatsAppTemplate(
        @Id String id,
        String clientCode,
        String name,
        String language,
        String status,
        String category,
        List<Map<String, Object>> components,
        int parameterCount,
        int headerParameterCount,
        String metaId,
        Mapping mapping,
        Instant syncedAt,
        Instant updatedAt) implements TenantOwned {

    /**
     * A saved variable mapping: {@code body[0]} fills {@code {{1}}} of the body, {@code header[0]} the header's.
     */
    public record Mapping(List<String> body, List<String> header) {
    }
}
