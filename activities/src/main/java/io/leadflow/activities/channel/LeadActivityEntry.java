package io.leadflow.activities.channel;

import io.leadflow.shared.tenant.TenantOwned;
import java.time.Instant;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An entry on a lead's activity log (tenant database, {@code activity_log}), written by channel activities when a
 * send fails for good, so the CRM user sees why a lead got no message. Kept minimal until the lead module owns
 * the activity log; the collection and field names are meant to stay.
 *
 * @param type {@link #MESSAGE_FAILED}
 * @param channel {@code whatsapp}, {@code email} or {@code meet}
 * @param summary one line for the timeline
 * @param errorCode the stable failure type ({@code PROVIDER_PERMANENT}, {@code PROVIDER_NOT_CONFIGURED}, ...)
 * @param details what was attempted (template, recipient, idempotency key)
 */
@Document("activity_log")
public record LeadActivityEntry(
        @Id String id,
        String clientCode,
        String leadId,
        String type,
        String channel,
        String summary,
        String errorCode,
        Map<String, Object> details,
        Instant createdAt) implements TenantOwned {

    public static final String MESSAGE_FAILED = "message_failed";
}
