package io.leadflow.shared.event;

import io.leadflow.shared.tenant.TenantOwned;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One delivery attempt of a signed callback or webhook, in the central database.
 *
 * @param webhookId the Standard Webhooks {@code webhook-id}; the same on every retry of one delivery
 * @param outcome {@code delivered}, {@code retrying}, {@code failed} or {@code blocked} (SSRF guard)
 */
@Document("callback_logs")
public record CallbackLog(
        @Id String id,
        String clientCode,
        String eventLogId,
        String webhookId,
        String url,
        int attempt,
        Integer statusCode,
        String outcome,
        String error,
        long durationMs,
        Instant at) implements TenantOwned {
}
