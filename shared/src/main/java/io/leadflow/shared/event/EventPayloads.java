package io.leadflow.shared.event;

import io.leadflow.shared.error.FieldValidationException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Checks free-form JSON that an event carries ({@code variables}, {@code callbackMetadata}) before anything is
 * stored: it must be storable as a MongoDB document and small enough to travel in workflow inputs. Every problem
 * names its path, so the caller gets a 400 instead of a failed write after the event exists.
 *
 * <ul>
 *   <li>keys: 1-128 characters, no {@code .}, no leading {@code $}, no NUL, at any depth</li>
 *   <li>at most {@value #MAX_DEPTH} levels, {@value #MAX_KEYS} keys per object, {@value #MAX_ITEMS} items per list,
 *       {@value #MAX_NODES} values in all</li>
 *   <li>strings up to {@value #MAX_STRING} characters; numbers finite, whole numbers within 64 bits</li>
 * </ul>
 */
public final class EventPayloads {

    public static final int MAX_DEPTH = 10;
    public static final int MAX_KEYS = 100;
    public static final int MAX_ITEMS = 100;
    public static final int MAX_NODES = 2000;
    public static final int MAX_STRING = 10_000;
    public static final int MAX_KEY = 128;

    private EventPayloads() {
    }

    /** Throws {@link FieldValidationException} naming the first problem in {@code value}; null is fine. */
    public static void check(Object value, String field) {
        new Walk().visit(value, field, 0);
    }

    private static final class Walk {
        private int nodes;

        void visit(Object value, String path, int depth) {
            if (++nodes > MAX_NODES) {
                throw new FieldValidationException(path, "too many values (at most " + MAX_NODES + " in all)");
            }
            if (depth > MAX_DEPTH) {
                throw new FieldValidationException(path, "is nested too deeply (at most " + MAX_DEPTH + " levels)");
            }
            if (value instanceof Map<?, ?> map) {
                if (map.size() > MAX_KEYS) {
                    throw new FieldValidationException(path, "at most " + MAX_KEYS + " keys");
                }
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    String key = String.valueOf(entry.getKey());
                    String at = path + "." + printable(key);
                    if (key.isEmpty() || key.length() > MAX_KEY || key.indexOf('.') >= 0 || key.startsWith("$")
                            || key.indexOf('\0') >= 0) {
                        throw new FieldValidationException(at,
                                "keys must be 1-" + MAX_KEY + " characters, without '.', a leading '$' or NUL");
                    }
                    visit(entry.getValue(), at, depth + 1);
                }
            } else if (value instanceof List<?> list) {
                if (list.size() > MAX_ITEMS) {
                    throw new FieldValidationException(path, "at most " + MAX_ITEMS + " items");
                }
                for (int i = 0; i < list.size(); i++) {
                    visit(list.get(i), path + "[" + i + "]", depth + 1);
                }
            } else if (value instanceof String s) {
                if (s.length() > MAX_STRING) {
                    throw new FieldValidationException(path, "must be at most " + MAX_STRING + " characters");
                }
            } else if (value instanceof BigInteger big) {
                if (big.bitLength() > 63) {
                    throw new FieldValidationException(path, "whole numbers must fit in 64 bits");
                }
            } else if (value instanceof Double || value instanceof Float) {
                if (!Double.isFinite(((Number) value).doubleValue())) {
                    throw new FieldValidationException(path, "must be a finite number");
                }
            } else if (value instanceof BigDecimal decimal) {
                if (!Double.isFinite(decimal.doubleValue())) {
                    throw new FieldValidationException(path, "must be a finite number");
                }
            } else if (value != null && !(value instanceof Boolean) && !(value instanceof Number)) {
                throw new FieldValidationException(path, "must be JSON (object, list, string, number, boolean or null)");
            }
        }
    }

    private static String printable(String key) {
        String shown = key.replaceAll("[^\\x20-\\x7E]", "?");
        return shown.length() > 40 ? shown.substring(0, 40) + "..." : shown;
    }
}
