package io.leadflow.shared.rule;

import io.leadflow.contracts.rule.Action;
import io.leadflow.contracts.rule.Step;
import io.leadflow.shared.error.FieldValidationException;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.whatsapp.WhatsAppTemplate;
import io.leadflow.shared.whatsapp.WhatsAppTemplates;
import java.util.List;
import java.util.Optional;

/**
 * The check a rule gets against the tenant's synced WhatsApp templates when it is saved: a {@code send_whatsapp} step
 * naming a synced template must give as many {@code variables} (and {@code headerVariables}) as the template takes,
 * or give none and rely on the template's saved mapping. A template that was never synced is not checked (Meta
 * refuses a wrong one at send time, and the step fails then).
 */
public final class RuleTemplates {

    private RuleTemplates() {
    }

    /** @throws FieldValidationException naming the step's field when a count does not match */
    public static void check(TenantScope tenant, AutomationRule rule) {
        List<Step> steps = rule.steps() == null ? List.of() : rule.steps();
        for (int i = 0; i < steps.size(); i++) {
            Action action = steps.get(i).action();
            if (action == null || !Action.SEND_WHATSAPP.equals(action.type()) || action.param("text") != null) {
                continue;
            }
            check(tenant, action, "steps[" + i + "].action.params");
        }
    }

    /** The same check for one template send: {@code at} is the path of its params. */
    public static void check(TenantScope tenant, Action action, String at) {
        String name = action.param("templateName");
        if (name == null || name.contains("{{")) {
            return;
        }
        List<String> languages = WhatsAppTemplates.languages(tenant, name);
        if (languages.isEmpty()) {
            return;
        }
        String language = action.param("language") == null ? "en_US" : action.param("language");
        Optional<WhatsAppTemplate> template = WhatsAppTemplates.find(tenant, name, language);
        if (template.isEmpty()) {
            throw new FieldValidationException(path(at, "language"), "template '" + name + "' is synced in "
                    + String.join(", ", languages) + ", not in " + language);
        }
        WhatsAppTemplate t = template.get();
        count(t, list(action.params().get("variables")), t.parameterCount(),
                t.mapping() == null ? null : t.mapping().body(), path(at, "variables"), "body");
        count(t, list(action.params().get("headerVariables")), t.headerParameterCount(),
                t.mapping() == null ? null : t.mapping().header(), path(at, "headerVariables"), "header");
    }

    /**
     * A mapping to save for a template: as many body and header entries as it takes, each a template whose placeholders
     * name context paths ({@code {{lead.firstName}}}); a bare path ({@code lead.firstName}) is taken as its
     * placeholder. Returns the mapping as stored.
     */
    public static WhatsAppTemplate.Mapping mapping(WhatsAppTemplate template, List<?> body, List<?> header) {
        return new WhatsAppTemplate.Mapping(entries(body, template.parameterCount(), "body", template),
                entries(header, template.headerParameterCount(), "header", template));
    }

    private static List<String> entries(List<?> given, int expected, String field, WhatsAppTemplate template) {
        List<?> values = given == null ? List.of() : given;
        if (values.size() != expected) {
            throw new FieldValidationException(field, "template '" + template.name() + "' (" + template.language()
                    + ") takes " + expected + " " + field + " parameter" + (expected == 1 ? "" : "s") + "; "
                    + values.size() + " given");
        }
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String path = field + "[" + i + "]";
            if (!(values.get(i) instanceof String text) || text.isBlank() || text.length() > RuleParser.MAX_WHATSAPP_VARIABLE) {
                throw new FieldValidationException(path, "must be a template like {{lead.firstName}} (at most "
                        + RuleParser.MAX_WHATSAPP_VARIABLE + " characters)");
            }
            String entry = text.strip();
            if (!entry.contains("{{") && RuleParser.FACT.matcher(entry).matches()) {
                entry = "{{" + entry + "}}";
            }
            out.add(RuleFields.template(entry, path));
        }
        return List.copyOf(out);
    }

    /**
     * Template parameters given outside a rule (a broadcast's {@code variables}): a list of at most 50 templates whose
     * placeholders name context paths, each at most 1,024 characters, checked as a rule's are.
     */
    public static List<String> variables(Object value, String field) {
        return ActionParser.templateList(value == null ? java.util.Map.of() : java.util.Map.of(field, value), "", field)
                .stream().toList();
    }

    private static String path(String at, String field) {
        return at == null || at.isEmpty() ? field : at + "." + field;
    }

    private static void count(WhatsAppTemplate t, List<?> given, int expected, List<String> mapping, String path,
                              String part) {
        String what = "template '" + t.name() + "' (" + t.language() + ") takes " + expected + " " + part + " parameter"
                + (expected == 1 ? "" : "s");
        if (!given.isEmpty() && given.size() != expected) {
            throw new FieldValidationException(path, what + "; " + given.size() + " given");
        }
        if (given.isEmpty() && expected > 0 && (mapping == null || mapping.size() != expected)) {
            throw new FieldValidationException(path, what + ": give them, or save a variable mapping for the template"
                    + " (PUT /api/saas/whatsapp/templates/" + t.id() + "/mapping)");
        }
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> items ? items : List.of();
    }
}
