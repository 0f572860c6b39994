package io.leadflow.api.outbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.leadflow.shared.outbox.OutboxMessage;
import java.time.Instant;
import java.util.List;

/** One outbox row as the API shows it: what would have been sent, without storage internals. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record OutboxEntry(
        String id,
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
        String providerMessageId,
        Instant createdAt,
        String listUnsubscribe) {

    static OutboxEntry of(OutboxMessage m) {
        return new OutboxEntry(m.id(), m.channel(), m.leadId(), m.recipient(), m.templateName(), m.language(),
                m.bodyVariables(), m.headerVariables(), m.subject(), m.body(), m.html(), m.idempotencyKey(),
                m.providerMessageId(), m.createdAt(), m.listUnsubscribe());
    }
}
