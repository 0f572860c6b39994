package io.leadflow.contracts.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills {@code {{path}}} placeholders from an evaluation context ({@code lead}, {@code event}, {@code resolved},
 * {@code wait}; see {@link EvaluationContext}). Whitespace inside the braces is ignored and a missing value
 * renders as the empty string, or stays as written with {@link Missing#KEEP}. With {@link Escaping#HTML} the
 * values (never the template's own text) are HTML-escaped, for HTML e-mail bodies.
 *
 * <p>Placeholders are found by a single left-to-right scan, so rendering takes time linear in the template's
 * length whatever its content. The scan finds exactly what the earlier regular expression
 * {@code \{\{\s*([^{}]*?)\s*}}} found (a placeholder is {@code {{}, then no brace at all, then {@code }}}; the
 * path is what lies between, without the ASCII whitespace {@code \s} matches at both ends), so workflows that
 * render templates replay unchanged: see {@code TemplateRendererEquivalenceTest}.
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

    /** How values are written into the text. */
    public enum Escaping {
        /** As they are (plain text, WhatsApp, subjects, URLs). */
        NONE,
        /** {@code & < > " '} as HTML entities, so a lead's name can't inject markup into an HTML e-mail. */
        HTML
    }

    private static final TemplateRenderer STANDARD = new TemplateRenderer(Missing.EMPTY);
    private static final TemplateRenderer HTML = new TemplateRenderer(Missing.EMPTY, Escaping.HTML);

    private final Missing missing;
    private final Escaping escaping;

    public TemplateRenderer(Missing missing) {
        this(missing, Escaping.NONE);
    }

    public TemplateRenderer(Missing missing, Escaping escaping) {
        this.missing = missing;
        this.escaping = escaping;
    }

    /** The renderer the engine uses: missing values become empty strings. */
    public static TemplateRenderer standard() {
        return STANDARD;
    }

    /** The engine's renderer for HTML bodies: as {@link #standard()}, with values HTML-escaped. */
    public static TemplateRenderer html() {
        return HTML;
    }

    /** One placeholder: where it starts and ends in the template, and the path it names. */
    private record Placeholder(int start, int end, String path) {
    }

    /** The text with every placeholder replaced. */
    public String render(String template, Map<String, ?> context) {
        if (template == null || template.indexOf("{{") < 0) {
            return template;
        }
        StringBuilder out = new StringBuilder(template.length() + 16);
        int copied = 0;
        int from = 0;
        Placeholder next;
        while ((next = find(template, from)) != null) {
            out.append(template, copied, next.start());
            Object value = ContextPaths.resolve(context, next.path());
            if (value == null && missing == Missing.KEEP) {
                out.append(template, next.start(), next.end());
            } else {
                String text = ContextPaths.text(value);
                out.append(escaping == Escaping.HTML ? escapeHtml(text) : text);
            }
            copied = next.end();
            from = next.end();
        }
        out.append(template, copied, template.length());
        return out.toString();
    }

    /**
     * Renders a payload (a webhook body, say): strings are rendered, maps and lists recursively, other values
     * are kept. A string that is exactly one placeholder ({@code "{{lead.dealValue}}"}) takes the value itself,
     * so numbers, booleans, lists and maps keep their JSON type.
     */
    public Object renderValue(Object value, Map<String, ?> context) {
        if (value instanceof String s) {
            String whole = wholePlaceholder(s);
            if (whole != null) {
                Object resolved = ContextPaths.resolve(context, whole);
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
        int from = 0;
        Placeholder next;
        while ((next = find(template, from)) != null) {
            paths.add(next.path());
            from = next.end();
        }
        return paths;
    }

    /** {@code & < > " '} as entities; everything else as it is. */
    public static String escapeHtml(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String entity = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (entity != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (entity != null) {
                    out.append(entity);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * The first placeholder starting at or after {@code from}, or null. Every character is looked at a bounded
     * number of times over a whole scan: after a failed candidate the search resumes at the brace that ended it
     * (no {@code {{} can start in between, since the run before that brace holds no brace).
     */
    private static Placeholder find(String text, int from) {
        int length = text.length();
        int start = text.indexOf("{{", from);
        while (start >= 0) {
            int brace = start + 2;
            while (brace < length && !isBrace(text.charAt(brace))) {
                brace++;
            }
            if (brace == length) {
                return null; // no brace left at all: no later placeholder can close either
            }
            if (text.charAt(brace) == '}' && brace + 1 < length && text.charAt(brace + 1) == '}') {
                return new Placeholder(start, brace + 2, strip(text, start + 2, brace));
            }
            // "{{{": the next candidate starts one later; otherwise at the brace that ended this one.
            start = text.indexOf("{{", brace == start + 2 ? start + 1 : brace);
        }
        return null;
    }

    /** The path of a string that is exactly one placeholder, else null. */
    private static String wholePlaceholder(String s) {
        Placeholder first = find(s, 0);
        return first != null && first.start() == 0 && first.end() == s.length() ? first.path() : null;
    }

    /** {@code text[from, to)} without leading and trailing {@code \s} (space, \t, \n, \u000B, \f, \r). */
    private static String strip(String text, int from, int to) {
        while (from < to && isRegexSpace(text.charAt(from))) {
            from++;
        }
        while (to > from && isRegexSpace(text.charAt(to - 1))) {
            to--;
        }
        return text.substring(from, to);
    }

    private static boolean isBrace(char c) {
        return c == '{' || c == '}';
    }

    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
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
