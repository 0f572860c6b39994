package io.leadflow.activities.inbound;

import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.inbound.InboundActivities;
import io.leadflow.contracts.inbound.InboundInput;
import io.leadflow.contracts.inbound.InboundResult;
import io.leadflow.contracts.trigger.TriggerInput;
import io.leadflow.shared.broadcast.Broadcasts;
import io.leadflow.shared.chat.ChatEvents;
import io.leadflow.shared.config.MessagingProperties;
import io.leadflow.shared.conversation.Channels;
import io.leadflow.shared.conversation.Conversation;
import io.leadflow.shared.conversation.Conversations;
import io.leadflow.shared.conversation.InboundMessages;
import io.leadflow.shared.conversation.Message;
import io.leadflow.shared.conversation.MessageStatuses;
import io.leadflow.shared.engine.TriggerDispatcher;
import io.leadflow.shared.lead.Lead;
import io.leadflow.shared.lead.LeadService;
import io.leadflow.shared.lead.NewLead;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.tenant.Tenants;
import io.leadflow.shared.whatsapp.InboundWebhook;
import io.leadflow.shared.whatsapp.InboundWebhooks;
import io.leadflow.shared.whatsapp.WhatsAppPayload;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Processes one tenant's part of a stored WhatsApp delivery (docs/INBOUND.md). Every step is idempotent, so the
 * activity is simply retried until it has gone through: a message is stored once per {@code wamid}; a receipt only
 * moves a message forward; opting out is a conditional update; the engine events carry idempotency keys derived from
 * the {@code wamid}, so a retry finds the events it fired before instead of firing them again.
 */
@Component("inboundActivities")
public class InboundActivitiesImpl implements InboundActivities {

    /** A customer message becomes this engine event, and {@code lead_replied} beside it. */
    public static final String MESSAGE_RECEIVED = "message_received";
    public static final String LEAD_REPLIED = "lead_replied";
    /** The source of the events inbound messages fire. */
    public static final String SOURCE = "inbound";

    private static final Logger log = LoggerFactory.getLogger(InboundActivitiesImpl.class);
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    private final Tenants tenants;
    private final InboundWebhooks webhooks;
    private final LeadService leads;
    private final ChatEvents chat;
    private final ObjectProvider<TriggerDispatcher> dispatcher;
    private final MessagingProperties messaging;

    public InboundActivitiesImpl(Tenants tenants, InboundWebhooks webhooks, LeadService leads, ChatEvents chat,
                                 ObjectProvider<TriggerDispatcher> dispatcher, MessagingProperties messaging) {
        this.tenants = tenants;
        this.webhooks = webhooks;
        this.leads = leads;
        this.chat = chat;
        this.dispatcher = dispatcher;
        this.messaging = messaging;
    }

    @Override
    public InboundResult process(InboundInput input) {
        TenantScope tenant = tenants.scope(input.clientCode());
        InboundWebhook webhook = webhooks.find(input.webhookId()).orElseThrow(() ->
                ApplicationFailure.newNonRetryableFailure("delivery " + input.webhookId() + " is no longer stored",
                        ErrorCode.VALIDATION_FAILED.name()));
        Set<String> numbers = new LinkedHashSet<>();
        webhook.routes().stream().filter(route -> route.clientCode().equals(tenant.clientCode()))
                .forEach(route -> numbers.addAll(route.phoneNumberIds()));
        WhatsAppPayload payload;
        try {
            payload = WhatsAppPayload.parse(webhook.body().getBytes(StandardCharsets.UTF_8));
        } catch (WhatsAppPayload.Unreadable unreadable) {
            throw ApplicationFailure.newNonRetryableFailure(unreadable.getMessage(), ErrorCode.VALIDATION_FAILED.name());
        }
        Tally tally = new Tally();
        for (WhatsAppPayload.Change change : payload.on(numbers)) {
            for (WhatsAppPayload.Inbound message : change.messages()) {
                message(tenant, change, message, tally);
            }
            for (WhatsAppPayload.Status status : change.statuses()) {
                status(tenant, status, tally);
            }
        }
        if (tally.unmatched > 0 && webhook.receivedAt().isAfter(Instant.now().minus(messaging.whatsapp().statusMatchWindow()))) {
            // A receipt can overtake the write of its message's own send: try again shortly (all else is idempotent).
            throw ApplicationFailure.newFailure(tally.unmatched + " receipt(s) for messages not recorded yet",
                    "RECEIPT_BEFORE_SEND");
        }
        return new InboundResult(tally.stored, tally.duplicates, tally.applied, tally.ignored, tally.unmatched,
                tally.optOuts);
    }

    private void message(TenantScope tenant, WhatsAppPayload.Change change, WhatsAppPayload.Inbound inbound, Tally tally) {
        String phone = "+" + inbound.from().replaceAll("[^0-9]", "");
        if (!E164.matcher(phone).matches()) {
            log.warn("inbound message {} from '{}' is not from a phone number: ignored", inbound.wamid(), inbound.from());
            return;
        }
        Lead lead = leads.findByContact(tenant, phone, null).orElseGet(() -> leads.findOrCreate(tenant, new NewLead(
                name(change.names().get(inbound.from())), null, null, phone, "whatsapp", null, null, null, null, null,
                null, null, null, null, null), 0).lead());
        Conversation conversation = Conversations.open(tenant, lead.id(), Channels.WHATSAPP, phone);
        InboundMessages.Recorded recorded = InboundMessages.record(tenant, Message.inbound(tenant.clientCode(),
                conversation.id(), lead.id(), inbound.type(), phone, change.phoneNumberId(), inbound.text(),
                inbound.content(), inbound.wamid(), inbound.timestamp()));
        Message message = recorded.message();
        if (recorded.duplicate()) {
            tally.duplicates++;
        } else {
            tally.stored++;
            leads.recordContact(tenant, lead.id(), true, inbound.timestamp() != null ? inbound.timestamp() : Instant.now());
            chat.messageCreated(message, Conversations.conversation(tenant, conversation.id()).orElse(conversation));
        }
        Boolean optOut = Keywords.optOut(inbound.text());
        if (optOut != null) {
            Lead before = leads.get(tenant, lead.id());
            if (before.optedOut(Channels.WHATSAPP) != optOut) {
                tally.optOuts++;
            }
            leads.setOptOut(tenant, lead.id(), Channels.WHATSAPP, optOut, "whatsapp_keyword", 0);
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("channel", Channels.WHATSAPP);
        variables.put("messageId", message.id());
        variables.put("conversationId", conversation.id());
        variables.put("wamid", inbound.wamid());
        variables.put("type", inbound.type());
        if (inbound.text() != null) {
            variables.put("text", inbound.text());
        }
        if (inbound.contextWamid() != null) {
            variables.put("inReplyTo", inbound.contextWamid());
        }
        fire(tenant, lead.id(), MESSAGE_RECEIVED, variables, inbound.wamid());
        fire(tenant, lead.id(), LEAD_REPLIED, variables, inbound.wamid());
    }

    /** Through the engine's one entry, like every event: logged first, then planned; keyed by the message. */
    private void fire(TenantScope tenant, String leadId, String trigger, Map<String, Object> variables, String wamid) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("leadId", leadId);
        request.put("variables", variables);
        dispatcher.getObject().dispatch(new TriggerInput(tenant.clientCode(), null, trigger, SOURCE, leadId, variables,
                null, null, null, 0, 0, null), "wa:" + wamid + ":" + trigger, request);
    }

    private void status(TenantScope tenant, WhatsAppPayload.Status receipt, Tally tally) {
        Message.MessageError error = receipt.errorCode() == null && receipt.errorMessage() == null ? null
                : new Message.MessageError("META_" + receipt.errorCode(), receipt.errorMessage(), Instant.now());
        MessageStatuses.Applied applied = MessageStatuses.apply(tenant, receipt.wamid(), receipt.status(),
                receipt.timestamp(), error);
        switch (applied.outcome()) {
            case UNMATCHED -> {
                tally.unmatched++;
                return;
            }
            case APPLIED -> {
                tally.applied++;
                chat.messageStatus(applied.message());
                if (Message.FAILED.equals(receipt.status()) && applied.message().leadId() != null) {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("channel", Channels.WHATSAPP);
                    data.put("errorCode", error == null ? null : error.code());
                    data.put("reason", error == null ? null : error.message());
                    data.put("providerMessageId", receipt.wamid());
                    leads.recordActivity(tenant, applied.message().leadId(), "message_failed",
                            "whatsapp not delivered: " + (error == null ? "failed" : error.message()), data, 0);
                }
            }
            case IGNORED -> tally.ignored++;
        }
        if (applied.message() != null) {
            // Also on a repeat: a crash between the message's move and its recipient's leaves the recipient behind.
            Broadcasts.recipientOf(applied.message()).ifPresent(recipient -> Broadcasts.move(tenant, recipient,
                    receipt.status(), Message.FAILED.equals(receipt.status()) && error != null ? error.code() : null, null));
        }
    }

    private static String name(String profileName) {
        if (profileName == null || profileName.isBlank()) {
            return null;
        }
        String name = profileName.strip();
        return name.length() <= 100 ? name : name.substring(0, 100);
    }

    /** What one delivery did, counted as it goes. */
    private static final class Tally {
        int stored;
        int duplicates;
        int applied;
        int ignored;
        int unmatched;
        int optOuts;
    }
}
