package io.leadflow.shared.outbox;

import io.leadflow.shared.tenant.TenantOwned;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A WhatsApp message or e-mail that a sandbox tenant "sent": written to the tenant's {@code outbox} collection
 * instead of the network, with everything the provider would have received, so demos and integration tests
 * can see exactly what would have gone out.
 *
 * @param channel {@code whatsapp} or {@code email}
 * @param recipient E.164 phone or e-mail address
 * @param templateName WhatsApp template, null for free-form text and e-mail
 * @param bodyVariables resolved template body parameters, in order
 * @param headerVariables resolved template header parameters
 * @param subject e-mail subject
 * @param body WhatsApp text or e-mail text part
 * @param html e-mail HTML part
 * @param idempotencyKey the sender's key; one outbox row per key
 * @param idempotencyScope {@code clientCode + ":" + idempotencyKey}, the unique index
 * @param providerMessageId the made-up id returned to the workflow ({@code sandbox-...})
 * @param listUnsubscribe the {@code List-Unsubscribe} header an e-mail would have carried
 */
@Document("outbox")
public record OutboxMessage(
        @Id String id,
        String clientCode,
        String channel,
        String leadId,
        String recipient,
        String templateName,
        String language,
        List<String> bodyVariables,
        List<String> headerVariables,
        String subject,
        String body,
        String html,
        String idempotencyKey,
        String idempotencyScope,
        String providerMessageId,
        Instant createdAt,
        String listUnsubscribe) implements TenantOwned {
}
