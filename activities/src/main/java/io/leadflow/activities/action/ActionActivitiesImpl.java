package io.leadflow.activities.action;

import io.leadflow.activities.callback.CallbackActivitiesImpl;
import io.leadflow.activities.channel.ChannelLedger;
import io.leadflow.activities.email.EmailActivitiesImpl;
import io.leadflow.activities.meet.MeetActivitiesImpl;
import io.leadflow.activities.whatsapp.WhatsAppActivitiesImpl;
import io.leadflow.contracts.action.ActionActivities;
import io.leadflow.contracts.action.ActionOutcome;
import io.leadflow.contracts.action.ActionRequest;
import io.leadflow.contracts.callback.CallbackDelivery;
import io.leadflow.contracts.callback.CallbackResult;
import io.leadflow.contracts.channel.SendResult;
import io.leadflow.contracts.email.EmailSend;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.meet.MeetCreate;
import io.leadflow.contracts.meet.MeetResult;
import io.leadflow.contracts.whatsapp.WhatsAppTemplateSend;
import io.leadflow.contracts.whatsapp.WhatsAppTextSend;
import io.leadflow.shared.client.Client;
import io.leadflow.shared.client.ClientDirectory;
import io.leadflow.shared.conversation.Channels;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.lead.LeadService;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.whatsapp.WhatsAppTemplate;
import io.leadflow.shared.whatsapp.WhatsAppTemplates;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The actions of sequence steps: each call reads the lead as it is now, renders the action's templates
 * ({@link ActionTemplates}), checks the tenant may send, and hands the rendered message to the channel's sender
 * (the same components that serve the channel activities). What can't succeed by retrying is a non-retryable failure
 * typed with an {@link ErrorCode}; the sequence records it on the step and goes on.
 */
@Component("actionActivities")
public class ActionActivitiesImpl implements ActionActivities {

    private static final String WEBHOOK = "webhook";

    private final ChannelLedger ledger;
    private final ClientDirectory clients;
    private final LeadService leads;
    private final WhatsAppActivitiesImpl whatsapp;
    private final EmailActivitiesImpl email;
    private final MeetActivitiesImpl meet;
    private final CallbackActivitiesImpl webhooks;

    public ActionActivitiesImpl(ChannelLedger ledger, ClientDirectory clients, LeadService leads,
                                WhatsAppActivitiesImpl whatsapp, EmailActivitiesImpl email, MeetActivitiesImpl meet,
                                CallbackActivitiesImpl webhooks) {
        this.ledger = ledger;
        this.clients = clients;
        this.leads = leads;
        this.whatsapp = whatsapp;
        this.email = email;
        this.meet = meet;
        this.webhooks = webhooks;
    }

    @Override
    public ActionOutcome sendWhatsApp(ActionRequest request) {
        ActionTemplates templates = context(request);
        if (suspended(request, Channels.WHATSAPP)) {
            return ActionOutcome.skipped(ErrorCode.TENANT_SUSPENDED.name());
        }
        if (templates.optedOut(Channels.WHATSAPP)) {
            return ActionOutcome.skipped(ErrorCode.OPTED_OUT.name());
        }
        String phone = templates.leadField("phone", ErrorCode.LEAD_HAS_NO_PHONE);
        Map<String, Object> params = request.params();
        SendResult sent;
        if (params.get("text") != null) {
            String text = templates.text(params.get("text"), "text", ActionTemplates.WHATSAPP_TEXT_LIMIT);
            sent = whatsapp.sendText(new WhatsAppTextSend(request.clientCode(), request.leadId(), phone, text,
                    request.idempotencyKey()));
        } else {
            String name = templates.text(params.get("templateName"), "templateName", 512);
            String language = params.get("language") == null ? "en_US" : templates.text(params.get("language"), "language", 16);
            List<String> body = templates.list(params.get("variables"), "variables");
            List<String> header = templates.list(params.get("headerVariables"), "headerVariables");
            if (body.isEmpty() && header.isEmpty()) {
                // No variables given: the template's saved mapping fills them, rendered against the lead as it is now.
                WhatsAppTemplate.Mapping mapping = WhatsAppTemplates.find(templates.tenant(), name, language)
                        .map(WhatsAppTemplate::mapping).orElse(null);
                if (mapping != null) {
                    body = templates.list(mapping.body(), "mapping.body");
                    header = templates.list(mapping.header(), "mapping.header");
                }
            }
            sent = whatsapp.sendTemplate(new WhatsAppTemplateSend(request.clientCode(), request.leadId(), phone, name,
                    language, body, header, request.idempotencyKey()));
        }
        return ActionOutcome.done(sent(sent));
    }

    @Override
    public ActionOutcome sendEmail(ActionRequest request) {
        ActionTemplates templates = context(request);
        if (suspended(request, Channels.EMAIL)) {
            return ActionOutcome.skipped(ErrorCode.TENANT_SUSPENDED.name());
        }
        if (templates.optedOut(Channels.EMAIL)) {
            return ActionOutcome.skipped(ErrorCode.OPTED_OUT.name());
        }
        Map<String, Object> params = request.params();
        String to = params.get("to") != null ? templates.text(params.get("to"), "to", 254)
                : templates.leadField("email", ErrorCode.LEAD_HAS_NO_EMAIL);
        if (to.isBlank()) {
            throw failure(ErrorCode.LEAD_HAS_NO_EMAIL, "the step's 'to' rendered empty");
        }
        String subject = templates.text(params.get("subject"), "subject", ActionTemplates.EMAIL_SUBJECT_LIMIT);
        boolean html = Boolean.TRUE.equals(params.get("html"));
        String body = html ? templates.html(params.get("body"), "body", ActionTemplates.EMAIL_BODY_LIMIT)
                : templates.text(params.get("body"), "body", ActionTemplates.EMAIL_BODY_LIMIT);
        SendResult sent = email.sendEmail(new EmailSend(request.clientCode(), request.leadId(), to, subject,
                html ? null : body, html ? body : null, request.idempotencyKey()));
        return ActionOutcome.done(sent(sent));
    }

    @Override
    public ActionOutcome createMeet(ActionRequest request) {
        ActionTemplates templates = context(request);
        if (suspended(request, Channels.MEET)) {
            return ActionOutcome.skipped(ErrorCode.TENANT_SUSPENDED.name());
        }
        Map<String, Object> params = request.params();
        String startTime = params.get("startTime") != null ? templates.text(params.get("startTime"), "startTime", 64)
                : Instant.parse(request.dueAt()).plus(Duration.ofDays(1)).toString();
        int minutes = params.get("durationMinutes") instanceof Number n ? n.intValue() : 30;
        Object leadEmail = templates.lead().get("email");
        List<String> attendees = params.get("attendees") != null ? templates.list(params.get("attendees"), "attendees")
                : leadEmail == null ? List.of() : List.of(leadEmail.toString());
        String summary = params.get("summary") == null ? "Meeting" : templates.text(params.get("summary"), "summary", 1024);
        MeetResult result = meet.createMeet(new MeetCreate(request.clientCode(), request.leadId(), summary, startTime,
                minutes, attendees, request.idempotencyKey()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("meetLink", result.meetLink());
        out.put("calendarEventId", result.calendarEventId());
        return ActionOutcome.done(out);
    }

    @Override
    public ActionOutcome callWebhook(ActionRequest request) {
        ActionTemplates templates = context(request);
        if (suspended(request, WEBHOOK)) {
            return ActionOutcome.skipped(ErrorCode.TENANT_SUSPENDED.name());
        }
        Map<String, Object> params = request.params();
        Map<String, Object> body = params.get("payload") instanceof Map<?, ?>
                ? templates.payload(params.get("payload")) : defaultWebhookBody(request, templates);
        CallbackResult delivered = webhooks.deliver(new CallbackDelivery(request.clientCode(), request.eventLogId(),
                "msg_" + request.idempotencyKey().replace(':', '_'),
                templates.text(params.get("url"), "url", 2048), body));
        return ActionOutcome.done(Map.of("statusCode", delivered.statusCode(), "attempt", delivered.attempt()));
    }

    @Override
    public ActionOutcome updateLead(ActionRequest request) {
        ActionTemplates templates = context(request);
        Map<String, Object> params = templates.payload(request.params());
        try {
            return ActionOutcome.done(leads.applyAction(templates.tenant(), request.leadId(), request.type(), params,
                    request.depth()));
        } catch (LeadflowException e) {
            if (e.code().httpStatus() >= 500) {
                throw e;
            }
            ErrorCode code = e.code() == ErrorCode.NOT_FOUND ? ErrorCode.LEAD_NOT_FOUND : e.code();
            throw failure(code, e.getMessage());
        }
    }

    /** The lead as it is now and the workflow's parts of the context; a deleted lead ends the step for good. */
    private ActionTemplates context(ActionRequest request) {
        TenantScope tenant = ledger.tenant(request.clientCode());
        Map<String, Object> facts = leads.facts(tenant, request.leadId())
                .orElseThrow(() -> failure(ErrorCode.LEAD_NOT_FOUND, "the lead no longer exists"));
        return new ActionTemplates(tenant, facts, request);
    }

    /** Sends stop while a tenant is suspended; the step is skipped (and counted so) and the sequence keeps waiting. */
    private boolean suspended(ActionRequest request, String channel) {
        boolean suspended = clients.client(request.clientCode()).map(c -> !Client.ACTIVE.equals(c.status()))
                .orElse(true);
        if (suspended && WEBHOOK.equals(channel)) {
            ledger.metrics().callbackAttempt(request.clientCode(), WEBHOOK, "skipped");
        } else if (suspended) {
            ledger.metrics().send(request.clientCode(), channel, "skipped");
        }
        return suspended;
    }

    private static Map<String, Object> defaultWebhookBody(ActionRequest request, ActionTemplates templates) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("workflowId", request.workflowId());
        step.put("stepId", request.stepId());
        step.put("index", request.stepIndex());
        step.put("dueAt", request.dueAt());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", templates.context().get("event"));
        body.put("lead", templates.lead());
        body.put("resolved", request.resolved() == null ? Map.of() : request.resolved());
        body.put("step", step);
        return body;
    }

    private static Map<String, Object> sent(SendResult result) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("channel", result.channel());
        out.put("status", result.status());
        if (result.providerMessageId() != null) {
            out.put("providerMessageId", result.providerMessageId());
        }
        return out;
    }

    static ApplicationFailure failure(ErrorCode code, String message) {
        return ApplicationFailure.newNonRetryableFailure(message, code.name());
    }
}
