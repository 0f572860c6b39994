package io.leadflow.contracts.template;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Reads dotted paths ({@code lead.firstName}, {@code event.items.0.sku}) out of an evaluation context made of
 * plain maps and lists, and turns values into text. Pure: safe inside workflow code.
 */
public final class ContextPaths {

    private ContextPaths() {
    }

    /** The value at {@code path}, or null when any segment is missing. List segments are 0-based indexes. */
    public static Object resolve(Map<String, ?> context, String path) {
        if (context == null || path == null || path.isBlank()) {
            return null;
        }
        Object current = context;
        for (String segment : path.trim().split("\\.", -1)) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(segment);
            } else if (current instanceof List<?> list && isIndex(segment)) {
                int index = Integer.parseInt(segment);
                current = index < list.size() ? list.get(index) : null;
            } else {
                return null;
            }
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    /**
     * A value as template text: numbers without a needless {@code .0}, lists joined with {@code ", "}, maps as
     * JSON, null as the empty string.
     */
    public static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            return decimal(value);
        }
        if (value instanceof List<?> list) {
            StringJoiner joined = new StringJoiner(", ");
            list.forEach(item -> joined.add(text(item)));
            return joined.toString();
        }
        if (value instanceof Map<?, ?>) {
            return json(value);
        }
        return value.toString();
    }

    /** Deterministic JSON of plain data (maps keep their iteration order). */
    public static String json(Object value) {
        StringBuilder out = new StringBuilder();
        writeJson(value, out);
        return out.toString();
    }

    private static void writeJson(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(String.valueOf(entry.getKey()), out);
                out.append(':');
                writeJson(entry.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeJson(list.get(i), out);
            }
            out.append(']');
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Number number) {
            String decimal = decimal(number);
            if (decimal.equals("NaN") || decimal.contains("Infinity")) {
                out.append("null");
            } else {
                out.append(decimal);
            }
        } else {
            writeString(value.toString(), out);
        }
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static String decimal(Object number) {
        if (number instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return d.toString();
        }
        if (number instanceof Float f && (f.isNaN() || f.isInfinite())) {
            return f.toString();
        }
        BigDecimal decimal = number instanceof BigDecimal b ? b : new BigDecimal(number.toString());
        decimal = decimal.stripTrailingZeros();
        return decimal.scale() < 0 ? decimal.setScale(0).toPlainString() : decimal.toPlainString();
    }

    private static boolean isIndex(String segment) {
        if (segment.isEmpty() || segment.length() > 9) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            if (!Character.isDigit(segment.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
