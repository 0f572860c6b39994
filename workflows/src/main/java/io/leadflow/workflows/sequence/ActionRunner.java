package io.leadflow.workflows.sequence;

import io.leadflow.activities.channel.SendResult;
import io.leadflow.activities.email.EmailActivities;
import io.leadflow.activities.email.EmailSend;
import io.leadflow.activities.sequence.CrmAction;
import io.leadflow.activities.sequence.SequenceActivities;
import io.leadflow.activities.whatsapp.WhatsAppActivities;
import io.leadflow.activities.whatsapp.WhatsAppTemplateSend;
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
    private final TemplateRenderer renderer = TemplateRenderer.standard();

    ActionRunner(SequenceActivities crm, WhatsAppActivities whatsapp, EmailActivities email) {
        this.crm = crm;
        this.whatsapp = whatsapp;
        this.email = email;
    }

    Map<String, Object> run(SequenceRuntime runtime, Action action) {
        Map<String, Object> context = runtime.context();
        Map<String, Object> params = action.params() == null ? Map.of() : renderer.renderMap(action.params(), context);
        if (CRM.contains(action.type())) {
            return crm.crmAction(new CrmAction(runtime.clientCode(), runtime.leadId(), action.type(), params,
                    runtime.depth() + 1, runtime.workflowId())).result();
        }
        return switch (action.type()) {
            case Action.SEND_WHATSAPP -> sent(whatsapp.sendTemplate(new WhatsAppTemplateSend(runtime.clientCode(),
                    runtime.leadId(), leadField(context, "phone"), text(params.get("templateName")),
                    params.get("language") == null ? "en_US" : text(params.get("language")),
                    strings(params.get("variables")), strings(params.get("headerVariables")),
                    runtime.idempotencyKey())));
            case Action.SEND_EMAIL -> sent(email.sendEmail(new EmailSend(runtime.clientCode(), runtime.leadId(),
                    params.get("to") != null ? text(params.get("to")) : leadField(context, "email"),
                    text(params.get("subject")), text(params.get("body")),
                    params.get("html") == null ? null : text(params.get("html")), runtime.idempotencyKey())));
            default -> throw ApplicationFailure.newNonRetryableFailure("unknown action " + action.type(),
                    ErrorCode.VALIDATION_FAILED.name());
        };
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
