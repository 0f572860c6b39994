package io.leadflow.shared.lead;

import io.leadflow.contracts.rule.SendWindows;
import io.leadflow.shared.error.FieldValidationException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks and normalises lead fields from the API; every problem names its field. */
final class LeadInput {

    static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");
    static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    static final int MAX_TAGS = 100;
    static final int MAX_ATTRIBUTES = 100;
    private static final Pattern PHONE_PUNCTUATION = Pattern.compile("[\\s().-]");

    private LeadInput() {
    }

    /** A phone in E.164, with spaces, dots, dashes and brackets removed first; null when absent. */
    static String phone(String value, String field) {
        String phone = normalPhone(value);
        if (phone != null && !PHONE.matcher(phone).matches()) {
            throw new FieldValidationException(field, "must be an E.164 number like +919876543210");
        }
        return phone;
    }

    /** The lookup form of a phone (no validation): punctuation removed. */
    static String normalPhone(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return PHONE_PUNCTUATION.matcher(value.trim()).replaceAll("");
    }

    /** An email, lower-cased; null when absent. */
    static String email(String value, String field) {
        String email = normalEmail(value);
        if (email != null && (email.length() > 320 || !EMAIL.matcher(email).matches())) {
            throw new FieldValidationException(field, "must be an email address");
        }
        return email;
    }

    static String normalEmail(String value) {
        return value == null || value.isBlank() ? null : value.trim().toLowerCase(Locale.ROOT);
    }

    /** A short text (a name, a source, a user id), trimmed; blank is absent. */
    static String text(Object value, String field, int max) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw new FieldValidationException(field, "must be a string");
        }
        String trimmed = s.trim();
        if (trimmed.length() > max) {
            throw new FieldValidationException(field, "must be at most " + max + " characters");
        }
        return trimmed.isEmpty() ? null : trimmed;
    }

    static Integer score(Object value, String field) {
        if (value == null) {
            return null;
        }
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Number n && Double.isFinite(n.doubleValue())
                && new BigDecimal(n.toString()).stripTrailingZeros().scale() <= 0
                && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw new FieldValidationException(field, "must be a whole number");
    }

    static Double dealValue(Object value, String field) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new FieldValidationException(field, "must be a number");
        }
        if (n.doubleValue() < 0) {
            throw new FieldValidationException(field, "must not be negative");
        }
        return n.doubleValue();
    }

    static String timezone(Object value, String field) {
        String zone = text(value, field, 64);
        if (zone != null && SendWindows.zoneOrNull(zone) == null) {
            throw new FieldValidationException(field, "unknown time zone '" + zone + "' (use an IANA name like Asia/Kolkata)");
        }
        return zone;
    }

    /** Tags trimmed, blanks refused, duplicates dropped, order kept. */
    static List<String> tags(Object value, String field) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> items)) {
            throw new FieldValidationException(field, "must be a list of strings");
        }
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String tag = items.get(i) instanceof String s ? s.trim() : null;
            if (tag == null || tag.isEmpty() || tag.length() > 64) {
                throw new FieldValidationException(field + "[" + i + "]", "must be a tag of 1-64 characters");
            }
            if (!tags.contains(tag)) {
                tags.add(tag);
            }
        }
        if (tags.size() > MAX_TAGS) {
            throw new FieldValidationException(field, "at most " + MAX_TAGS + " tags");
        }
        return tags;
    }

    /** Free-form attributes ({@code refs}, {@code extra}): keys safe to store and to use in templates; null stays null. */
    static Map<String, Object> attributes(Object value, String field) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new FieldValidationException(field, "must be an object");
        }
        if (map.size() > MAX_ATTRIBUTES) {
            throw new FieldValidationException(field, "at most " + MAX_ATTRIBUTES + " keys");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (!key.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new FieldValidationException(field + "." + key, "keys must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'");
            }
            checkNested(entry.getValue(), field + "." + key, 1);
            out.put(key, entry.getValue());
        }
        return out;
    }

    private static void checkNested(Object value, String field, int depth) {
        if (depth > 5) {
            throw new FieldValidationException(field, "is nested too deeply (at most 5 levels)");
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                if (key.isEmpty() || key.contains(".") || key.startsWith("$")) {
                    throw new FieldValidationException(field + "." + key, "keys must not be empty, contain '.' or start with '$'");
                }
                checkNested(entry.getValue(), field + "." + key, depth + 1);
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                checkNested(list.get(i), field + "[" + i + "]", depth + 1);
            }
        }
    }
}
