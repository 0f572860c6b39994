package io.leadflow.shared.whatsapp;

import io.leadflow.shared.tenant.TenantOwned;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * Which tenant owns a WhatsApp phone number, in the central database: how the one platform webhook finds the tenant
 * of a delivery. Written when an admin sets the tenant's {@code whatsapp} credentials.
 *
 * @param id Meta's {@code phone_number_id} (unique across the platform, as it is across Meta)
 * @param appSecret the tenant's Meta app secret, encrypted; null when the tenant relies on the platform's
 * @param verifyTokenHash SHA-256 of the tenant's webhook verify token, null without one
 */
@Document("whatsapp_numbers")
public record WhatsAppNumber(
        @Id String id,
        String clientCode,
        String wabaId,
        String appSecret,
        String verifyTokenHash,
        Instant updatedAt) implements TenantOwned {
}
