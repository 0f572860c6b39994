package io.leadflow.api.whatsapp;

import io.leadflow.shared.config.MessagingProperties;
import io.leadflow.shared.whatsapp.InboundWebhook;
import io.leadflow.shared.whatsapp.InboundWebhooks;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Nothing Meta delivered is lost: deliveries stored while Temporal was unreachable (or whose start was cut short by an
 * API restart) are handed to it again. Starting is idempotent (the workflow ID is derived from the delivery).
 */
@Component
class InboundRedispatcher {

    private static final Logger log = LoggerFactory.getLogger(InboundRedispatcher.class);
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final InboundWebhooks webhooks;
    private final InboundDispatcher dispatcher;

    InboundRedispatcher(InboundWebhooks webhooks, InboundDispatcher dispatcher, MessagingProperties messaging) {
        this.webhooks = webhooks;
        this.dispatcher = dispatcher;
    }

    @Scheduled(fixedDelayString = "${leadflow.messaging.whatsapp.redispatch-interval:30s}",
            initialDelayString = "${leadflow.messaging.whatsapp.redispatch-interval:30s}")
    void redispatchStuckDeliveries() {
        for (InboundWebhook webhook : webhooks.stuck(Instant.now().minus(GRACE), 100)) {
            if (!dispatcher.dispatch(webhook)) {
                log.debug("Temporal still unavailable; deliveries stay received");
                return;
            }
            log.info("re-dispatched WhatsApp delivery {}", webhook.id());
        }
    }
}
