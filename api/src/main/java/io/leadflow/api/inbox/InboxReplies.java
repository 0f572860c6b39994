package io.leadflow.api.inbox;

import io.grpc.StatusRuntimeException;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.inbox.InboxReply;
import io.leadflow.contracts.inbox.InboxReplyWorkflow;
import io.leadflow.contracts.rule.Action;
import io.leadflow.contracts.template.EvaluationContext;
import io.leadflow.contracts.template.TemplateRenderer;
import io.leadflow.contracts.temporal.LeadflowSearchAttributes;
import io.leadflow.contracts.temporal.WorkflowIds;
import io.leadflow.shared.chat.ChatEvents;
import io.leadflow.shared.config.LeadflowProperties;
import io.leadflow.shared.conversation.Channels;
import io.leadflow.shared.conversation.Conversation;
import io.leadflow.shared.conversation.Conversations;
import io.leadflow.shared.conversation.Message;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.lead.Lead;
import io.leadflow.shared.lead.LeadService;
import io.leadflow.shared.rule.RuleTemplates;
import io.leadflow.shared.temporal.StartFailures;
import io.leadflow.shared.tenant.TenantContext;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.whatsapp.WhatsAppTemplate;
import io.leadflow.shared.whatsapp.WhatsAppTemplates;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * An agent's reply from the inbox: checked (the lead has not opted out; free text only inside the 24-hour window; a
 * synced template gets as many variables as it takes), recorded at once as a {@code pending} message (the live inbox
 * shows it), and sent by an {@code InboxReply} workflow through the WhatsApp activity. The caller's
 * {@code clientMessageId} makes it idempotent: the same ID is the same message and the same workflow.
 */
@Service
class InboxReplies {

    static final Pattern CLIENT_MESSAGE_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    static final Duration SERVICE_WINDOW = Duration.ofHours(24);

    private final LeadService leads;
    private final ChatEvents chat;
    private final WorkflowClient client;
    private final LeadflowProperties properties;

    InboxReplies(LeadService leads, ChatEvents chat, WorkflowClient client, LeadflowProperties properties) {
        this.leads = leads;
        this.chat = chat;
        this.client = client;
        this.properties = properties;
    }

    /** The reply's message, and whether this call created it (false: the same clientMessageId was sent before). */
    record Replied(Message message, boolean created) {
    }

    Replied reply(TenantScope tenant, Conversation conversation, ReplyRequest request) {
        if (request.clientMessageId() == null || !CLIENT_MESSAGE_ID.matcher(request.clientMessageId()).matches()) {
            throw LeadflowException.invalid("clientMessageId", "is required: 1-64 characters of letters, digits, '_', '.', ':' or '-'");
        }
        String key = "reply:" + request.clientMessageId();
        Message existing = Conversations.byIdempotencyKey(tenant, key).orElse(null);
        if (existing != null) {
            if (!conversation.id().equals(existing.conversationId())) {
                throw new LeadflowException(ErrorCode.CONFLICT, "clientMessageId was already used in another conversation");
            }
            if (Message.PENDING.equals(existing.status())) {
                start(tenant, conversation, existing, key); // the first request may have stopped before its workflow
            }
            return new Replied(existing, false);
        }
        if ((request.text() != null) == (request.template() != null)) {
            throw LeadflowException.invalid("text", "give text or template (one of them)");
        }
        if (!Channels.WHATSAPP.equals(conversation.channel())) {
            throw LeadflowException.invalid("conversation", "replies go out on WhatsApp conversations");
        }
        Lead lead = leads.get(tenant, conversation.leadId());
        if (lead.optedOut(Channels.WHATSAPP)) {
            throw new LeadflowException(ErrorCode.OPTED_OUT, "the lead opted out of WhatsApp");
        }
        Message draft = request.text() != null ? text(tenant, conversation, request.text(), key)
                : template(tenant, conversation, lead, request.template(), key);
        Conversations.Claim claim = Conversations.claim(tenant, draft);
        if (!claim.existing()) {
            chat.messageCreated(claim.message(), conversation);
        }
        start(tenant, conversation, claim.message(), key);
        return new Replied(claim.message(), !claim.existing());
    }

    private Message text(TenantScope tenant, Conversation conversation, String text, String key) {
        if (text.isBlank() || text.length() > 4096) {
            throw LeadflowException.invalid("text", "must be 1-4096 characters");
        }
        if (conversation.lastInboundAt() == null || conversation.lastInboundAt().isBefore(Instant.now().minus(SERVICE_WINDOW))) {
            throw new LeadflowException(ErrorCode.OUTSIDE_SERVICE_WINDOW, "free text is allowed only within 24 hours of the"
                    + " lead's last message; send a template");
        }
        return Message.outbound(tenant.clientCode(), conversation.id(), conversation.leadId(), Channels.WHATSAPP,
                Message.TYPE_TEXT, null, conversation.contact(), null, null, null, null, null, text, null, key);
    }

    private Message template(TenantScope tenant, Conversation conversation, Lead lead, ReplyRequest.Template template,
                             String key) {
        if (template.name() == null || template.name().isBlank() || template.name().length() > 512) {
            throw LeadflowException.invalid("template.name", "is required (at most 512 characters)");
        }
        String language = template.language() == null ? "en_US" : template.language();
        List<String> body = template.variables() == null ? List.of() : template.variables();
        List<String> header = template.headerVariables() == null ? List.of() : template.headerVariables();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("templateName", template.name());
        params.put("language", language);
        params.put("variables", body);
        params.put("headerVariables", header);
        RuleTemplates.check(tenant, new Action(Action.SEND_WHATSAPP, params), "template");
        if (body.isEmpty() && header.isEmpty()) {
            WhatsAppTemplate.Mapping mapping = WhatsAppTemplates.find(tenant, template.name(), language)
                    .map(WhatsAppTemplate::mapping).orElse(null);
            if (mapping != null) {
                Map<String, Object> context = EvaluationContext.of(leads.facts(tenant, lead.id()).orElse(Map.of()),
                        "inbox_reply", Map.of(), Map.of(), Map.of());
                body = render(mapping.body(), context);
                header = render(mapping.header(), context);
            }
        }
        return Message.outbound(tenant.clientCode(), conversation.id(), conversation.leadId(), Channels.WHATSAPP,
                Message.TYPE_TEMPLATE, null, conversation.contact(), template.name(), language, body, header, null, null,
                null, key);
    }

    private void start(TenantScope tenant, Conversation conversation, Message message, String key) {
        String workflowId = WorkflowIds.inboxReply(tenant.clientCode(), key.substring("reply:".length()));
        WorkflowOptions.Builder options = WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(properties.temporal().taskQueue())
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                .setStaticSummary("inbox reply · " + conversation.contact());
        if (properties.temporal().searchAttributes()) {
            options.setTypedSearchAttributes(LeadflowSearchAttributes.of(tenant.clientCode(), conversation.leadId(),
                    null, null));
        }
        InboxReply reply = new InboxReply(tenant.clientCode(), conversation.leadId(), conversation.id(),
                conversation.contact(), Message.TYPE_TEXT.equals(message.type()) ? message.body() : null,
                message.templateName(), message.language(), message.bodyVariables(), message.headerVariables(), key);
        String previous = TenantContext.current().orElse(null);
        TenantContext.set(tenant.clientCode());
        try {
            WorkflowClient.start(client.newWorkflowStub(InboxReplyWorkflow.class, options.build())::run, reply);
        } catch (WorkflowExecutionAlreadyStarted alreadyStarted) {
            // the same reply, asked for again
        } catch (WorkflowServiceException | StatusRuntimeException e) {
            if (!StartFailures.isAlreadyStarted(e)) {
                throw new LeadflowException(ErrorCode.TEMPORAL_UNAVAILABLE, "the reply is queued but the workflow engine"
                        + " is unreachable; send the same clientMessageId again to retry", e);
            }
        } finally {
            TenantContext.set(previous);
        }
    }

    private static List<String> render(List<String> templates, Map<String, Object> context) {
        TemplateRenderer renderer = TemplateRenderer.standard();
        return templates == null ? List.of() : templates.stream().map(t -> renderer.render(t, context)).toList();
    }
}
