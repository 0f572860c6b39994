package io.leadflow.shared.rule;

import io.leadflow.shared.error.FieldValidationException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A rule's trigger parameters ({@code params}): values an event's variables must have for the rule to match it. The
 * engine's own {@code no_contact} trigger requires {@code days} (1–365), and its events carry the {@code days} they
 * were fired for, so a rule for 7 idle days is not enrolled by the scan for 3. For other triggers parameters are an
 * optional equality filter: {@code "params": {"plan": "pro"}} matches only events with {@code variables.plan = "pro"}.
 */
public final class TriggerParams {

    static final int MAX_KEYS = 10;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_]{1,64}");

    private TriggerParams() {
    }

    /** The {@code params} object as sent: at most 10 keys, each a string, number or boolean. */
    static Map<String, Object> parse(Object node) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof Map<?, ?> map)) {
            throw new FieldValidationException("params", "must be an object like {\"days\": 7}");
        }
        if (map.size() > MAX_KEYS) {
            throw new FieldValidationException("params", "at most " + MAX_KEYS + " parameters");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (!KEY.matcher(key).matches()) {
                throw new FieldValidationException("params." + key, "names are 1-64 characters of A-Z, a-z, 0-9 or '_'");
            }
            Object value = entry.getValue();
            if (value instanceof String s && s.length() > 256) {
                throw new FieldValidationException("params." + key, "must be at most 256 characters");
            }
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw new FieldValidationException("params." + key, "must be a string, number or boolean");
            }
            out.put(key, value);
        }
        return out;
    }

    /** The parameters checked against the trigger they belong to; what the rule stores. */
    static Map<String, Object> check(String trigger, Map<String, Object> params) {
        if (!AutomationRule.NO_CONTACT.equals(trigger)) {
            return params == null || params.isEmpty() ? null : params;
        }
        Object days = params == null ? null : params.get("days");
        if (days == null) {
            throw new FieldValidationException("params.days", "is required for no_contact (days without a message, 1-365)");
        }
        long value = RuleFields.wholeNumber(days, "params.days");
        if (value < 1 || value > 365) {
            throw new FieldValidationException("params.days", "must be between 1 and 365");
        }
        if (params.size() > 1) {
            String other = params.keySet().stream().filter(key -> !"days".equals(key)).findFirst().orElseThrow();
            throw new FieldValidationException("params." + other, "unknown parameter of no_contact (only days)");
        }
        return Map.of("days", (int) value);
    }

    /** Whether an event with these variables matches a rule with these parameters. */
    public static boolean matches(Map<String, Object> params, Map<String, Object> variables) {
        if (params == null || params.isEmpty()) {
            return true;
        }
        if (variables == null) {
            return false;
        }
        for (Map.Entry<String, Object> param : params.entrySet()) {
            if (!same(param.getValue(), variables.get(param.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean same(Object expected, Object actual) {
        if (expected instanceof Number a && actual instanceof Number b) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
        }
        return expected != null && expected.equals(actual);
    }
}
