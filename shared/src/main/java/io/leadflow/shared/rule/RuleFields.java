package io.leadflow.shared.rule;

import io.leadflow.contracts.rule.Delay;
import io.leadflow.contracts.rule.SendWindows;
import io.leadflow.contracts.template.TemplateRenderer;
import io.leadflow.shared.error.FieldValidationException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The shapes rule parts are made of, each checked with the field path of the value: objects, lists, strings with
 * length caps, booleans, whole numbers, times, zones, instants, event names, delays and templates whose placeholders
 * name a context path. Shared by the rule, condition and action parsers.
 */
final class RuleFields {

    private static final Pattern PLACEHOLDER_PATH = Pattern.compile("(lead|event|wait|resolved)(\\.[A-Za-z0-9_-]+)+");

    private RuleFields() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, ?> object(Object node, String path) {
        if (!(node instanceof Map<?, ?> map)) {
            throw new FieldValidationException(path, "must be an object");
        }
        return (Map<String, ?>) map;
    }

    static List<?> list(Object node, String path) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof List<?> list)) {
            throw new FieldValidationException(path, "must be a list");
        }
        return list;
    }

    static void allowOnly(Map<String, ?> map, String path, String... allowed) {
        Set<String> names = Set.of(allowed);
        for (String key : map.keySet()) {
            if (!names.contains(key)) {
                throw new FieldValidationException(path + "." + key, "unknown field (allowed: " + String.join(", ", allowed) + ")");
            }
        }
    }

    static String string(Object node, String path, int max, boolean optional) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof String s)) {
            throw new FieldValidationException(path, "must be a string");
        }
        String trimmed = s.trim();
        if (trimmed.isEmpty()) {
            if (optional) {
                return null;
            }
            throw new FieldValidationException(path, "must not be blank");
        }
        if (trimmed.length() > max) {
            throw new FieldValidationException(path, "must be at most " + max + " characters");
        }
        return trimmed;
    }

    static boolean bool(Object node, String path) {
        if (!(node instanceof Boolean b)) {
            throw new FieldValidationException(path, "must be true or false");
        }
        return b;
    }

    static long wholeNumber(Object node, String path) {
        if (node instanceof Integer || node instanceof Long || node instanceof Short || node instanceof Byte) {
            return ((Number) node).longValue();
        }
        if (node instanceof BigInteger big && big.bitLength() < 63) {
            return big.longValue();
        }
        if (node instanceof Double || node instanceof Float || node instanceof BigDecimal) {
            BigDecimal decimal = new BigDecimal(node.toString());
            if (decimal.stripTrailingZeros().scale() <= 0 && decimal.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
                return decimal.longValue();
            }
        }
        throw new FieldValidationException(path, "must be a whole number");
    }

    static String time(Object node, String path, boolean required) {
        String value = string(node, path, 5, !required);
        if (value == null) {
            throw new FieldValidationException(path, "is required (\"HH:mm\", like 09:00)");
        }
        try {
            return SendWindows.parseTime(value).format(SendWindows.TIME);
        } catch (IllegalArgumentException e) {
            throw new FieldValidationException(path, "must be a time \"HH:mm\" between 00:00 and 23:59");
        }
    }

    static String zone(Object node, String path) {
        String name = string(node, path, 64, true);
        if (name == null) {
            return null;
        }
        if (SendWindows.zoneOrNull(name) == null) {
            throw new FieldValidationException(path, "unknown time zone '" + name + "' (use an IANA name like Asia/Kolkata)");
        }
        return name;
    }

    static String instant(String text, String path) {
        try {
            return OffsetDateTime.parse(text.trim()).toInstant().toString();
        } catch (DateTimeParseException e) {
            throw new FieldValidationException(path, "must be an ISO-8601 date-time with an offset, like 2025-07-01T09:00:00+05:30");
        }
    }

    static List<String> events(List<?> items, String path) {
        if (items.size() > RuleParser.MAX_LIST) {
            throw new FieldValidationException(path, "at most " + RuleParser.MAX_LIST + " events");
        }
        List<String> events = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String item = path + "[" + i + "]";
            if (!(items.get(i) instanceof String s) || !RuleParser.EVENT.matcher(s.trim()).matches() || s.trim().length() > 130) {
                throw new FieldValidationException(item, "must be an event name like lead_replied or tag_added:customer");
            }
            if (!events.contains(s.trim())) {
                events.add(s.trim());
            }
        }
        return List.copyOf(events);
    }

    /** Checks that every placeholder names a context path ({@code lead.}, {@code event.}, ...). */
    static String template(String text, String path) {
        for (String placeholder : TemplateRenderer.placeholders(text)) {
            if (!PLACEHOLDER_PATH.matcher(placeholder).matches()) {
                throw new FieldValidationException(path, "unknown placeholder '{{" + placeholder
                        + "}}' (paths start with lead., event., resolved. or wait.)");
            }
        }
        return text;
    }

    static Delay delay(Object node, String path, boolean positive) {
        Map<String, ?> map = object(node, path);
        allowOnly(map, path, "value", "unit");
        if (map.get("value") == null) {
            throw new FieldValidationException(path + ".value", "is required");
        }
        long value = wholeNumber(map.get("value"), path + ".value");
        if (value < 0 || (positive && value == 0)) {
            throw new FieldValidationException(path + ".value", positive ? "must be greater than 0" : "must be 0 or more");
        }
        String unit = string(map.get("unit"), path + ".unit", 16, false);
        if (unit == null) {
            throw new FieldValidationException(path + ".unit", "is required (" + String.join(", ", RuleParser.UNITS) + ")");
        }
        if (!RuleParser.UNITS.contains(unit)) {
            throw new FieldValidationException(path + ".unit", "must be one of " + RuleParser.UNITS);
        }
        Delay delay = new Delay(value, unit);
        if (value > RuleParser.MAX_DELAY_DAYS * 86_400L || delay.toDuration().toDays() > RuleParser.MAX_DELAY_DAYS) {
            throw new FieldValidationException(path, "must not be longer than " + RuleParser.MAX_DELAY_DAYS + " days");
        }
        return delay;
    }
}
