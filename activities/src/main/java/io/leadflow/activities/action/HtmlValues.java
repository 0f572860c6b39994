package io.leadflow.activities.action;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes an evaluation context safe to render into HTML: every string value, at any depth, HTML-escaped. Rendering an
 * HTML template against it keeps the template's own markup and escapes only what comes from the lead and the event,
 * so a lead named {@code <script>} can't inject markup into an e-mail.
 */
final class HtmlValues {

    private HtmlValues() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> escape(Map<String, ?> context) {
        return (Map<String, Object>) escapeValue(context);
    }

    private static Object escapeValue(Object value) {
        if (value instanceof String s) {
            return escape(s);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), escapeValue(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(item -> out.add(escapeValue(item)));
            return out;
        }
        return value;
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
