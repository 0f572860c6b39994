package io.leadflow.activities.channel;

import io.leadflow.contracts.channel.SendResult;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.client.Client;
import io.leadflow.shared.chat.ChatEvents;
import io.leadflow.shared.client.ClientDirectory;
import io.leadflow.shared.conversation.Conversation;
import io.leadflow.shared.conversation.Conversations;
import io.leadflow.shared.conversation.Message;
import io.leadflow.shared.lead.ActivityEntry;
import io.leadflow.shared.lead.LeadService;
import io.leadflow.shared.metrics.LeadflowMetrics;
import io.leadflow.shared.outbox.Outbox;
import io.leadflow.shared.outbox.OutboxMessage;
import io.leadflow.shared.tenant.TenantContext;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.tenant.Tenants;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The record of what channel activities sent, shared by WhatsApp and e-mail: tenant and sandbox lookup,
 * credentials, the sandbox outbox, the claim-then-send message protocol and failure entries on the lead's
 * activity log.
 */
@Component
public class ChannelLedger {

    /** Activity-log entry type of a WhatsApp or e-mail send that failed for good. */
    public static final String MESSAGE_FAILED = "message_failed";
    /** Activity-log entry type of a Meet link that could not be created. */
    public static final String MEET_FAILED = "meet_failed";
    private static final String MEET = "meet";
    private static final String AUTOMATION = "automation";

    private static final Logger log = LoggerFactory.getLogger(ChannelLedger.class);

    private final Tenants tenants;
    private final ClientDirectory directory;
    private final ChatEvents chat;
    private final LeadService leads;
    private final LeadflowMetrics metrics;

    public ChannelLedger(Tenants tenants, ClientDirectory directory, ChatEvents chat, LeadService leads,
                         LeadflowMetrics metrics) {
        this.tenants = tenants;
        this.directory = directory;
        this.chat = chat;
        this.leads = leads;
        this.metrics = metrics;
        tenants.onOpen(scope -> {
            Conversations.ensureIndexes(scope.data());
            Outbox.ensureIndexes(scope.data());
        });
    }

    public LeadflowMetrics metrics() {
        return metrics;
    }

    /**
     * Runs one send attempt and counts how it ended ({@code leadflow.sends}): {@code sent} or {@code sandboxed} from
     * the result, {@code skipped} for a suspended tenant, {@code failed} for a permanent failure, {@code retrying} for
     * anything Temporal will retry.
     */
    public <T> T metered(String clientCode, String channel, Supplier<T> send, Function<T, String> outcome) {
        T result;
        try {
            result = send.get();
        } catch (ApplicationFailure failure) {
            metrics.send(clientCode, channel, ErrorCode.TENANT_SUSPENDED.name().equals(failure.getType()) ? "skipped"
                    : failure.isNonRetryable() ? "failed" : "retrying");
            throw failure;
        } catch (RuntimeException unexpected) {
            metrics.send(clientCode, channel, "retrying");
            throw unexpected;
        }
        metrics.send(clientCode, channel, outcome.apply(result));
        return result;
    }

    /** The outcome word of a channel's answer. */
    public static String outcomeOf(SendResult result) {
        return result.sandbox() ? "sandboxed" : "sent";
    }

    /**
     * The tenant of a payload. If the Temporal headers named a tenant too, they must agree: a workflow can never
     * act for another tenant by putting a different clientCode into a payload.
     */
    public TenantScope tenant(String clientCode) {
        if (clientCode == null || clientCode.isBlank()) {
            throw ProviderFailures.invalid("clientCode is required");
        }
        TenantContext.current().filter(current -> !current.equals(clientCode)).ifPresent(current -> {
            throw ApplicationFailure.newNonRetryableFailure(
                    "payload tenant does not match the workflow's tenant", ErrorCode.FORBIDDEN.name());
        });
        return tenants.scope(clientCode);
    }

    /**
     * Refuses to act for a suspended tenant (non-retryable {@code TENANT_SUSPENDED}; a sequence records the step as
     * skipped and keeps waiting). Read on every send, so a suspension stops the very next one.
     */
    public void requireActive(String clientCode) {
        Client client = directory.client(clientCode).orElseThrow(() ->
                ApplicationFailure.newNonRetryableFailure("tenant '" + clientCode + "' does not exist",
                        ErrorCode.CLIENT_NOT_FOUND.name()));
        if (!Client.ACTIVE.equals(client.status())) {
            log.info("tenant {} is suspended: not sending", clientCode);
            throw ProviderFailures.tenantSuspended(clientCode);
        }
    }

    /** The tenant (cached briefly), if it exists. */
    public java.util.Optional<Client> client(String clientCode) {
        return directory.client(clientCode);
    }

    /** Whether the tenant's sends go to its outbox. An unknown tenant cannot send at all. */
    public boolean sandbox(String clientCode) {
        return directory.client(clientCode).map(Client::sandbox).orElseThrow(() ->
                ApplicationFailure.newNonRetryableFailure("tenant '" + clientCode + "' does not exist",
                        ErrorCode.CLIENT_NOT_FOUND.name()));
    }

    /** The tenant's decrypted credentials JSON for a provider; never a silent fallback when there are none. */
    public String credentials(String clientCode, String provider) {
        return directory.providerCredentials(clientCode, provider)
                .filter(json -> !json.isBlank())
                .orElseThrow(() -> ProviderFailures.notConfigured(
                        "no " + provider + " credentials configured for tenant '" + clientCode + "'"));
    }

    /**
     * The payload's idempotency key, or — when a caller left it out — one built from the workflow and activity
     * ids, which stay the same across retries of one activity.
     */
    public String idempotencyKey(String given) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        ActivityInfo info = Activity.getExecutionContext().getInfo();
        return info.getWorkflowId() + ":" + info.getActivityId();
    }

    /** Writes a sandbox send to the outbox (once per key) and answers as the provider would have. */
    public SendResult toOutbox(TenantScope tenant, OutboxMessage draft) {
        Outbox.Recorded recorded = Outbox.record(tenant, draft);
        return new SendResult(draft.channel(), recorded.message().providerMessageId(), SendResult.SANDBOXED, true);
    }

    public Conversation conversation(TenantScope tenant, String leadId, String channel, String contact) {
        if (leadId == null || leadId.isBlank()) {
            throw ProviderFailures.invalid("leadId is required to send on " + channel);
        }
        return Conversations.open(tenant, leadId, channel, contact);
    }

    /**
     * Claims the key before the provider call; {@link Conversations.Claim#alreadySent()} means: do not send. A new
     * message shows up in the live inbox at once, as {@code pending}.
     */
    public Conversations.Claim claim(TenantScope tenant, Message draft) {
        Conversations.Claim claim = Conversations.claim(tenant, draft);
        if (!claim.existing()) {
            chat.messageCreated(claim.message(), null);
        }
        if (!claim.alreadySent()) {
            Conversations.startAttempt(tenant, claim.message().id());
        }
        return claim;
    }

    public SendResult sent(TenantScope tenant, Message message, String providerMessageId) {
        Message sent = markSent(tenant, message, providerMessageId);
        return new SendResult(sent.channel(), sent.providerMessageId(), SendResult.SENT, false);
    }

    /**
     * A sandbox send: the outbox row (one per key) instead of the provider, and the message marked sent with the
     * outbox's made-up id, so the conversation and the live inbox show what would have gone out.
     */
    public SendResult sandboxed(TenantScope tenant, Message message, OutboxMessage draft) {
        Outbox.Recorded recorded = Outbox.record(tenant, draft);
        markSent(tenant, message, recorded.message().providerMessageId());
        return new SendResult(draft.channel(), recorded.message().providerMessageId(), SendResult.SANDBOXED, true);
    }

    private Message markSent(TenantScope tenant, Message message, String providerMessageId) {
        Message sent = Conversations.markSent(tenant, message, providerMessageId);
        chat.messageStatus(sent);
        if (sent.leadId() != null) {
            leads.recordContact(tenant, sent.leadId(), false, Instant.now());
        }
        return sent;
    }

    /** The answer to a retry whose message the provider already accepted. */
    public SendResult alreadySent(Message message) {
        return new SendResult(message.channel(), message.providerMessageId(), SendResult.SENT, false);
    }

    /**
     * Records a failed send and returns the failure for the caller to throw: on the message (if one was claimed)
     * and, when permanent, on the lead's activity log.
     */
    public ApplicationFailure failed(TenantScope tenant, String leadId, String channel, Message message,
            ApplicationFailure failure, Map<String, Object> details) {
        boolean permanent = failure.isNonRetryable();
        String reason = failure.getOriginalMessage();
        if (message != null) {
            Conversations.markFailed(tenant, message.id(), failure.getType(), reason, permanent);
            if (permanent) {
                tenant.data().findById(message.id(), Message.class).ifPresent(chat::messageStatus);
            }
        }
        if (permanent) {
            recordOnLead(tenant, leadId, channel, failure.getType(), reason, details);
            log.warn("{} send failed for good: {} {}", channel, failure.getType(), reason);
        } else {
            log.info("{} send failed, will retry: {}", channel, reason);
        }
        return failure;
    }

    /**
     * Writes a failure entry on the lead's activity log ({@code message_failed} for WhatsApp and e-mail,
     * {@code meet_failed} for Meet), with the stable failure code and what was attempted.
     */
    public void recordOnLead(TenantScope tenant, String leadId, String channel, String errorCode, String reason,
            Map<String, Object> details) {
        if (leadId == null || leadId.isBlank()) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("channel", channel);
        data.put("errorCode", errorCode);
        data.put("reason", reason);
        if (details != null) {
            details.forEach((k, v) -> {
                if (v != null) {
                    data.put(k, v);
                }
            });
        }
        String type = MEET.equals(channel) ? MEET_FAILED : MESSAGE_FAILED;
        tenant.data().insert(new ActivityEntry(null, tenant.clientCode(), leadId, type,
                channel + " not sent: " + reason, data, AUTOMATION, 0, Instant.now()));
    }

    /** A short, stable, non-reversible id derived from the tenant and key (sandbox ids, e-mail Message-IDs). */
    public static String digest(String clientCode, String key, int hexChars) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((clientCode + ":" + key).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, hexChars);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
