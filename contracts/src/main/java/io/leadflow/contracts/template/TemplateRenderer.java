package io.leadflow.contracts.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {{path}}} placeholders from an evaluation context ({@code lead}, {@code event}, {@code resolved},
 * {@code wait}; see {@link EvaluationContext}). Whitespace inside the braces is ignored and a missing value
 * renders as the empty string, or stays as written with {@link Missing#KEEP}.
 *
 * <p>Pure and deterministic, so workflows may render templates themselves: no I/O, no clock, and maps keep
 * their iteration order.
 */
public final class TemplateRenderer {

    /** What a placeholder whose path resolves to nothing becomes. */
    public enum Missing {
        /** The empty string: "Hi {{lead.firstName}}" becomes "Hi ". */
        EMPTY,
        /** The placeholder as written, which makes gaps visible in previews. */
        KEEP
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");
    private static final TemplateRenderer STANDARD = new TemplateRenderer(Missing.EMPTY);

    private final Missing missing;

    public TemplateRenderer(Missing missing) {
        this.missing = missing;
    }

    /** The renderer the engine uses: missing values become empty strings. */
    public static TemplateRenderer standard() {
        return STANDARD;
    }

    /** The text with every placeholder replaced. */
    public String render(String template, Map<String, ?> context) {
        if (template == null || template.indexOf("{{") < 0) {
            return template;
        }
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 16);
        while (matcher.find()) {
            Object value = ContextPaths.resolve(context, matcher.group(1));
            String replacement = value == null && missing == Missing.KEEP ? matcher.group() : ContextPaths.text(value);
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /**
     * Renders a payload (a webhook body, say): strings are rendered, maps and lists recursively, other values
     * are kept. A string that is exactly one placeholder ({@code "{{lead.dealValue}}"}) takes the value itself,
     * so numbers, booleans, lists and maps keep their JSON type.
     */
    public Object renderValue(Object value, Map<String, ?> context) {
        if (value instanceof String s) {
            Matcher whole = PLACEHOLDER.matcher(s);
            if (whole.matches()) {
                Object resolved = ContextPaths.resolve(context, whole.group(1));
                if (resolved != null) {
                    return copy(resolved);
                }
            }
            return render(s, context);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), renderValue(v, context)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(item -> out.add(renderValue(item, context)));
            return out;
        }
        return value;
    }

    /** {@link #renderValue} for a map payload. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> renderMap(Map<String, ?> payload, Map<String, ?> context) {
        return payload == null ? null : (Map<String, Object>) renderValue(payload, context);
    }

    /** The paths of the placeholders in a template, in order of appearance. */
    public static List<String> placeholders(String template) {
        List<String> paths = new ArrayList<>();
        if (template == null) {
            return paths;
        }
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            paths.add(matcher.group(1));
        }
        return paths;
    }

    private static Object copy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(item -> out.add(copy(item)));
            return out;
        }
        return value;
    }
}
