package io.leadflow.api.whatsapp;

import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.config.MessagingProperties;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.whatsapp.InboundWebhook;
import io.leadflow.shared.whatsapp.InboundWebhooks;
import io.leadflow.shared.whatsapp.WebhookSignatures;
import io.leadflow.shared.whatsapp.WhatsAppNumbers;
import io.leadflow.shared.whatsapp.WhatsAppPayload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Takes in one WhatsApp delivery: signature first, then the raw body stored, then the processing workflows started in
 * a bounded pool (the answer does not wait for Temporal unless {@code dispatch-wait} says so), so Meta gets its 200 as
 * soon as the delivery is safe.
 *
 * <p>Who may sign what: Meta signs with the app secret of the app the number belongs to. The platform's app secret
 * speaks for every number. A tenant's own app secret speaks only for that tenant's numbers: a delivery signed with it
 * that names another tenant's number is refused, so a tenant can't write into another tenant's inbox with its own
 * secret. A delivery for numbers no tenant owns is kept for operators; without a platform secret it can't be checked
 * yet, so it is stored unverified and checked again with its owner's secret when an operator routes it.
 */
@Service
class WebhookIntake {

    private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);

    private final WhatsAppNumbers numbers;
    private final InboundWebhooks webhooks;
    private final InboundDispatcher dispatcher;
    private final MessagingProperties.WhatsApp settings;
    /** Starts that outlive their request's wait; bounded, and the request thread runs one when it is full. */
    private final ThreadPoolExecutor starts = new ThreadPoolExecutor(4, 16, 60, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1_000), runnable -> {
                Thread thread = new Thread(runnable, "whatsapp-dispatch");
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.CallerRunsPolicy());

    WebhookIntake(WhatsAppNumbers numbers, InboundWebhooks webhooks, InboundDispatcher dispatcher,
                  MessagingProperties messaging) {
        this.numbers = numbers;
        this.webhooks = webhooks;
        this.dispatcher = dispatcher;
        this.settings = messaging.whatsapp();
    }

    @jakarta.annotation.PreDestroy
    void shutdown() {
        starts.shutdown();
    }

    /** What happened to a delivery. */
    record Received(String webhookId, boolean duplicate, String status) {
    }

    /**
     * @throws LeadflowException {@code UNAUTHORIZED} for a missing or wrong signature (nothing is stored),
     *     {@code VALIDATION_FAILED} for a correctly signed body that is not a webhook payload
     */
    Received receive(byte[] body, String signature) {
        if (!WebhookSignatures.wellFormed(signature)) {
            throw new LeadflowException(ErrorCode.UNAUTHORIZED, "a valid X-Hub-Signature-256 header is required");
        }
        String platformSecret = settings.appSecret().isBlank() ? null : settings.appSecret();
        boolean byPlatform = platformSecret != null && WebhookSignatures.verify(body, signature, platformSecret);
        WhatsAppPayload payload;
        try {
            payload = WhatsAppPayload.parse(body);
        } catch (WhatsAppPayload.Unreadable unreadable) {
            if (byPlatform) {
                throw LeadflowException.invalid("body", unreadable.getMessage());
            }
            throw new LeadflowException(ErrorCode.UNAUTHORIZED, "the signature does not match");
        }
        Map<String, WhatsAppNumbers.Owner> owners = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String id : payload.phoneNumberIds()) {
            Optional<WhatsAppNumbers.Owner> owner = numbers.owner(id);
            if (owner.isPresent()) {
                owners.put(id, owner.get());
            } else {
                unknown.add(id);
            }
        }
        boolean verified = byPlatform;
        if (!byPlatform) {
            String signer = owners.values().stream().map(WhatsAppNumbers.Owner::appSecret)
                    .filter(secret -> secret != null && WebhookSignatures.verify(body, signature, secret))
                    .findFirst().orElse(null);
            if (signer == null && !(owners.isEmpty() && platformSecret == null && !unknown.isEmpty())) {
                throw new LeadflowException(ErrorCode.UNAUTHORIZED, "the signature does not match");
            }
            if (signer != null && owners.values().stream().anyMatch(owner -> !signer.equals(owner.appSecret()))) {
                throw new LeadflowException(ErrorCode.UNAUTHORIZED,
                        "the signature does not cover every phone number in the delivery");
            }
            verified = signer != null;
        }
        List<InboundWebhook.Route> routes = routes(payload, owners);
        InboundWebhooks.Stored stored = webhooks.store(body, signature, verified, List.copyOf(payload.phoneNumberIds()),
                routes, unknown, unknown.isEmpty() ? null : "no tenant owns " + String.join(", ", unknown));
        if (!unknown.isEmpty()) {
            log.warn("WhatsApp delivery {} names number(s) no tenant owns: {} (kept for operators)",
                    stored.webhook().id(), unknown);
        }
        if (!stored.duplicate() && !routes.isEmpty()) {
            dispatchWithin(stored.webhook());
        }
        return new Received(stored.webhook().id(), stored.duplicate(), stored.webhook().status());
    }

    /** The tenants a delivery concerns, with what each gets, for the routes that will process it. */
    static List<InboundWebhook.Route> routes(WhatsAppPayload payload, Map<String, WhatsAppNumbers.Owner> owners) {
        Map<String, InboundWebhook.Route> byTenant = new LinkedHashMap<>();
        for (WhatsAppPayload.Change change : payload.changes()) {
            WhatsAppNumbers.Owner owner = owners.get(change.phoneNumberId());
            if (owner == null) {
                continue;
            }
            InboundWebhook.Route route = byTenant.get(owner.clientCode());
            List<String> ids = new ArrayList<>(route == null ? List.of() : route.phoneNumberIds());
            if (!ids.contains(change.phoneNumberId())) {
                ids.add(change.phoneNumberId());
            }
            byTenant.put(owner.clientCode(), new InboundWebhook.Route(owner.clientCode(), ids,
                    (route == null ? 0 : route.messages()) + change.messages().size(),
                    (route == null ? 0 : route.statuses()) + change.statuses().size(), null));
        }
        return List.copyOf(byTenant.values());
    }

    /** Starts the delivery's workflows, waiting at most {@code dispatch-wait}; the rest goes on after the answer. */
    void dispatchWithin(InboundWebhook webhook) {
        CompletableFuture<Boolean> started = CompletableFuture.supplyAsync(() -> dispatcher.dispatch(webhook), starts);
        if (settings.dispatchWait().isZero()) {
            return;
        }
        try {
            started.get(settings.dispatchWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException busy) {
            log.debug("delivery {}: Temporal is slow, dispatch goes on after the answer", webhook.id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException failed) {
            log.warn("delivery {} stays received: {}", webhook.id(), failed.getCause().toString());
        }
    }
}
