package io.leadflow.workflows.sequence;

import io.leadflow.activities.callback.CallbackActivities;
import io.leadflow.activities.callback.CallbackDelivery;
import io.leadflow.activities.channel.SendResult;
import io.leadflow.activities.meet.MeetActivities;
import io.leadflow.activities.meet.MeetCreate;
import io.leadflow.activities.meet.MeetResult;
import io.leadflow.activities.email.EmailActivities;
import io.leadflow.activities.email.EmailSend;
import io.leadflow.activities.sequence.CrmAction;
import io.leadflow.activities.sequence.SequenceActivities;
import io.leadflow.activities.whatsapp.WhatsAppActivities;
import io.leadflow.activities.whatsapp.WhatsAppTemplateSend;
import io.leadflow.activities.whatsapp.WhatsAppTextSend;
import io.leadflow.shared.error.ErrorCode;
import io.leadflow.shared.rule.Action;
import io.leadflow.shared.template.ContextPaths;
import io.leadflow.shared.template.TemplateRenderer;
import io.temporal.failure.ApplicationFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one action of a sequence through the right activity, with its parameters rendered against the context.
 * Provider sends carry an idempotency key made of the workflow run and step, so a retry after a crash never sends
 * twice where the provider can see it.
 */
final class ActionRunner {

    private static final Set<String> CRM = Set.of(Action.MOVE_STAGE, Action.ASSIGN_TO, Action.ADD_TAG, Action.REMOVE_TAG);

    private final SequenceActivities crm;
    private final WhatsAppActivities whatsapp;
    private final EmailActivities email;
    private final MeetActivities meet;
    private final CallbackActivities webhooks;
    private final TemplateRenderer renderer = TemplateRenderer.standard();

    ActionRunner(SequenceActivities crm, WhatsAppActivities whatsapp, EmailActivities email, MeetActivities meet,
                 CallbackActivities webhooks) {
        this.crm = crm;
        this.whatsapp = whatsapp;
        this.email = email;
        this.meet = meet;
        this.webhooks = webhooks;
    }

    Map<String, Object> run(SequenceRuntime runtime, Action action) {
        Map<String, Object> context = runtime.context();
        Map<String, Object> params = action.params() == null ? Map.of() : renderer.renderMap(action.params(), context);
        if (CRM.contains(action.type())) {
            return crm.crmAction(new CrmAction(runtime.clientCode(), runtime.leadId(), action.type(), params,
                    runtime.depth() + 1, runtime.workflowId())).result();
        }
        return switch (action.type()) {
            case Action.SEND_WHATSAPP -> params.get("text") != null
                    ? sent(whatsapp.sendText(new WhatsAppTextSend(runtime.clientCode(), runtime.leadId(),
                            leadField(context, "phone"), text(params.get("text")), runtime.idempotencyKey())))
                    : sent(whatsapp.sendTemplate(new WhatsAppTemplateSend(runtime.clientCode(),
                    runtime.leadId(), leadField(context, "phone"), text(params.get("templateName")),
                    params.get("language") == null ? "en_US" : text(params.get("language")),
                    strings(params.get("variables")), strings(params.get("headerVariables")),
                    runtime.idempotencyKey())));
            case Action.SEND_EMAIL -> sent(email.sendEmail(new EmailSend(runtime.clientCode(), runtime.leadId(),
                    params.get("to") != null ? text(params.get("to")) : leadField(context, "email"),
                    text(params.get("subject")),
                    Boolean.TRUE.equals(params.get("html")) ? null : text(params.get("body")),
                    Boolean.TRUE.equals(params.get("html"))
                            ? TemplateRenderer.html().render(text(action.params().get("body")), context) : null,
                    runtime.idempotencyKey())));
            case Action.CREATE_MEET -> meet(runtime, context, params);
            case Action.WEBHOOK -> {
                Object payload = params.get("payload");
                Map<String, Object> body = new LinkedHashMap<>();
                if (payload instanceof Map<?, ?> custom) {
                    custom.forEach((k, v) -> body.put(String.valueOf(k), v));
                } else {
                    body.put("event", context.get("event"));
                    body.put("lead", context.get("lead"));
                    body.put("resolved", context.get("resolved"));
                }
                var delivered = webhooks.deliver(new CallbackDelivery(runtime.clientCode(), runtime.eventLogId(),
                        "msg_" + runtime.idempotencyKey().replace(':', '_'), text(params.get("url")), body));
                yield Map.of("statusCode", delivered.statusCode(), "attempt", delivered.attempt());
            }
            default -> throw ApplicationFailure.newNonRetryableFailure("unknown action " + action.type(),
                    ErrorCode.VALIDATION_FAILED.name());
        };
    }

    /** Books a Meet; without {@code startTime} it starts a day after the step runs. The link lands in resolved. */
    private Map<String, Object> meet(SequenceRuntime runtime, Map<String, Object> context, Map<String, Object> params) {
        String startTime = params.get("startTime") != null ? text(params.get("startTime"))
                : runtime.now().plus(java.time.Duration.ofDays(1)).toString();
        int minutes = params.get("durationMinutes") instanceof Number n ? n.intValue() : 30;
        Object leadEmail = ContextPaths.resolve(context, "lead.email");
        List<String> attendees = params.get("attendees") != null ? strings(params.get("attendees"))
                : leadEmail == null ? List.of() : List.of(leadEmail.toString());
        String summary = params.get("summary") == null ? "Meeting" : text(params.get("summary"));
        MeetResult result = meet.createMeet(new MeetCreate(runtime.clientCode(), runtime.leadId(), summary, startTime,
                minutes, attendees, runtime.idempotencyKey()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("meetLink", result.meetLink());
        out.put("calendarEventId", result.calendarEventId());
        return out;
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

    /** A lead field the action needs (its phone, its email); missing is a permanent failure of the step. */
    private static String leadField(Map<String, Object> context, String field) {
        Object value = ContextPaths.resolve(context, "lead." + field);
        if (value == null || value.toString().isBlank()) {
            throw ApplicationFailure.newNonRetryableFailure("the lead has no " + field,
                    ErrorCode.PROVIDER_PERMANENT.name());
        }
        return value.toString();
    }

    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(ContextPaths::text).toList();
        }
        return List.of();
    }

    private static String text(Object value) {
        return value == null ? null : ContextPaths.text(value);
    }
}
