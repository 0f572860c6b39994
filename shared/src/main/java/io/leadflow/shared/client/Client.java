package io.leadflow.shared.client;

import io.leadflow.shared.tenant.TenantOwned;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A tenant, in the central database.
 *
 * @param sandbox whether WhatsApp and email go to the tenant's sandbox outbox instead of a provider
 * @param timezone the tenant's time zone for send windows (IANA id); null follows
 *     {@code leadflow.engine.default-timezone}
 * @param whatsappMessagesPerSecond the tenant's WhatsApp send rate (its Meta messaging tier), null for the platform's
 *     default ({@code leadflow.channels.whatsapp-messages-per-second})
 */
@Document("clients")
public record Client(
        @Id String id,
        String clientCode,
        String name,
        String status,
        boolean sandbox,
        String timezone,
        Instant createdAt,
        Integer whatsappMessagesPerSecond) implements TenantOwned {

    public static final String ACTIVE = "active";
}
