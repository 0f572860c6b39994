package io.leadflow.contracts.inbound;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Processes a stored WhatsApp webhook delivery: every step is idempotent (messages dedupe on their {@code wamid},
 * statuses only move forward, engine events carry idempotency keys), so a retry after a crash changes nothing.
 */
@ActivityInterface
public interface InboundActivities {

    /**
     * Stores the tenant's inbound messages (finding or creating each sender's lead and conversation), applies the
     * status updates to outbound messages, opts leads out or back in on keywords, and fires {@code message_received}
     * and {@code lead_replied} into the engine. Fails retryably while a status names a message whose send is not
     * recorded yet (Meta's receipt can overtake the send's own write), for a short while.
     */
    @ActivityMethod(name = "ProcessWhatsAppWebhook")
    InboundResult process(InboundInput input);
}
