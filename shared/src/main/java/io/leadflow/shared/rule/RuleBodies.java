package io.leadflow.shared.rule;

import io.leadflow.contracts.rule.Condition;
import io.leadflow.contracts.rule.Delay;
import io.leadflow.contracts.rule.SendWindow;
import io.leadflow.contracts.rule.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A rule back in the JSON shape {@link RuleParser} reads: what the API answers ({@code parse(toBody(r))} is {@code r}). */
final class RuleBodies {

    private RuleBodies() {
    }

    /**
     * The rule in the shape {@link #parse} reads (null parts left out), with the server-managed fields when
     * set: what the API answers, and what {@code parse(toBody(rule))} turns back into the same rule.
     */
    static Map<String, Object> toBody(AutomationRule rule) {
        Map<String, Object> body = new LinkedHashMap<>();
        put(body, "id", rule.id());
        put(body, "name", rule.name());
        put(body, "description", rule.description());
        put(body, "trigger", rule.trigger());
        body.put("isActive", rule.isActive());
        put(body, "condition", conditionBody(rule.condition()));
        if (rule.steps() != null) {
            body.put("steps", rule.steps().stream().map(RuleBodies::stepBody).toList());
        }
        put(body, "sequence", rule.sequence());
        if (rule.params() != null && !rule.params().isEmpty()) {
            body.put("params", rule.params());
        }
        body.put("exitOn", rule.exitOn() == null ? List.of() : rule.exitOn());
        put(body, "reEnrollment", rule.reEnrollment());
        if (rule.sendWindow() != null) {
            SendWindow w = rule.sendWindow();
            Map<String, Object> window = new LinkedHashMap<>();
            put(window, "days", w.days());
            put(window, "start", w.start());
            put(window, "end", w.end());
            put(window, "timezone", w.timezone());
            body.put("sendWindow", window);
        }
        if (rule.id() != null) {
            body.put("version", rule.version());
        }
        put(body, "createdAt", rule.createdAt() == null ? null : rule.createdAt().toString());
        put(body, "updatedAt", rule.updatedAt() == null ? null : rule.updatedAt().toString());
        return body;
    }

    /** A condition in its JSON shape, or null. */
    static Map<String, Object> conditionBody(Condition condition) {
        if (condition == null) {
            return null;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (condition.all() != null) {
            body.put("all", condition.all().stream().map(RuleBodies::conditionBody).toList());
        } else if (condition.any() != null) {
            body.put("any", condition.any().stream().map(RuleBodies::conditionBody).toList());
        } else if (condition.not() != null) {
            body.put("not", conditionBody(condition.not()));
        } else {
            body.put("fact", condition.fact());
            body.put("operator", condition.operator());
            body.put("value", condition.value());
        }
        return body;
    }

    static Map<String, Object> stepBody(Step step) {
        Map<String, Object> body = new LinkedHashMap<>();
        put(body, "id", step.id());
        if (step.delay() != null) {
            body.put("delay", delayBody(step.delay()));
        }
        if (step.waitUntil() != null) {
            Map<String, Object> wait = new LinkedHashMap<>();
            put(wait, "at", step.waitUntil().at());
            put(wait, "time", step.waitUntil().time());
            put(wait, "timezone", step.waitUntil().timezone());
            body.put("waitUntil", wait);
        }
        if (step.waitFor() != null) {
            Map<String, Object> wait = new LinkedHashMap<>();
            wait.put("events", step.waitFor().events());
            put(wait, "timeout", step.waitFor().timeout() == null ? null : delayBody(step.waitFor().timeout()));
            body.put("waitFor", wait);
        }
        put(body, "condition", conditionBody(step.condition()));
        if (step.action() != null) {
            Map<String, Object> action = new LinkedHashMap<>();
            action.put("type", step.action().type());
            action.put("params", step.action().params() == null ? Map.of() : step.action().params());
            body.put("action", action);
        }
        return body;
    }

    static Map<String, Object> delayBody(Delay delay) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("value", delay.value());
        body.put("unit", delay.unit());
        return body;
    }

    static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
