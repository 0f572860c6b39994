package io.leadflow.activities.action;

import io.leadflow.contracts.action.ActionRequest;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.template.ContextPaths;
import io.leadflow.contracts.template.EvaluationContext;
import io.leadflow.contracts.template.TemplateRenderer;
import io.leadflow.shared.tenant.TenantScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders one action's parameters against the evaluation context of its step: the lead as it is now, plus the
 * event, resolved values and waits the workflow sent. Rendered values that can't be sent (too long for their field,
 * the wrong shape) fail the step with {@code TEMPLATE_ERROR}; HTML bodies get their values HTML-escaped.
 */
final class ActionTemplates {

    /** Meta's limit on a WhatsApp text body. */
    static final int WHATSAPP_TEXT_LIMIT = 4096;
    /** Meta's limit on one template parameter. */
    static final int WHATSAPP_PARAMETER_LIMIT = 1024;
    /** RFC 5322's line limit, which a subject must fit in. */
    static final int EMAIL_SUBJECT_LIMIT = 998;
    static final int EMAIL_BODY_LIMIT = 512 * 1024;
    static final int PAYLOAD_LIMIT = 256 * 1024;
    private static final int MAX_LIST = 50;

    private final TenantScope tenant;
    private final Map<String, Object> lead;
    private final Map<String, Object> context;
    private final TemplateRenderer renderer = TemplateRenderer.standard();

    ActionTemplates(TenantScope tenant, Map<String, Object> lead, ActionRequest request) {
        this.tenant = tenant;
        this.lead = lead;
        this.context = EvaluationContext.of(lead, request.trigger(), request.variables(), request.resolved(),
                request.waits());
    }

    TenantScope tenant() {
        return tenant;
    }

    Map<String, Object> lead() {
        return lead;
    }

    Map<String, Object> context() {
        return context;
    }

    /** Whether the lead opted out of a channel (its {@code optOut} facts): nothing is sent there. */
    boolean optedOut(String channel) {
        return lead.get("optOut") instanceof Map<?, ?> optOut && Boolean.TRUE.equals(optOut.get(channel));
    }

    /** A lead field the action needs; missing is a permanent failure of the step with {@code missing}. */
    String leadField(String field, ErrorCode missing) {
        Object value = lead.get(field);
        if (value == null || value.toString().isBlank()) {
            throw ActionActivitiesImpl.failure(missing, "the lead has no " + field);
        }
        return value.toString();
    }

    /** A text parameter, rendered, at most {@code limit} characters. */
    String text(Object template, String field, int limit) {
        if (template == null) {
            throw ActionActivitiesImpl.failure(ErrorCode.TEMPLATE_ERROR, field + " is missing");
        }
        return checked(renderer.render(ContextPaths.text(template), context), field, limit);
    }

    /** An HTML parameter: the template's markup as written, every value it pulls in HTML-escaped. */
    String html(Object template, String field, int limit) {
        if (template == null) {
            throw ActionActivitiesImpl.failure(ErrorCode.TEMPLATE_ERROR, field + " is missing");
        }
        return checked(TemplateRenderer.html().render(ContextPaths.text(template), context), field, limit);
    }

    /** A list of text parameters (template variables, attendees), each rendered. */
    List<String> list(Object value, String field) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> items) || items.size() > MAX_LIST) {
            throw ActionActivitiesImpl.failure(ErrorCode.TEMPLATE_ERROR, field + " must be a list of at most " + MAX_LIST);
        }
        List<String> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(text(items.get(i), field + "[" + i + "]", WHATSAPP_PARAMETER_LIMIT));
        }
        return out;
    }

    /** A structured payload (webhook body, CRM parameters): strings rendered, whole-placeholder values keep type. */
    Map<String, Object> payload(Object value) {
        Map<String, Object> rendered = value instanceof Map<?, ?> map ? renderer.renderMap(castMap(map), context)
                : new LinkedHashMap<>();
        if (ContextPaths.json(rendered).length() > PAYLOAD_LIMIT) {
            throw ActionActivitiesImpl.failure(ErrorCode.TEMPLATE_ERROR,
                    "the rendered payload is larger than " + PAYLOAD_LIMIT + " characters");
        }
        return rendered;
    }

    private static String checked(String rendered, String field, int limit) {
        if (rendered.length() > limit) {
            throw ActionActivitiesImpl.failure(ErrorCode.TEMPLATE_ERROR,
                    field + " is " + rendered.length() + " characters once rendered; at most " + limit + " fit");
        }
        return rendered;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castMap(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }
}
