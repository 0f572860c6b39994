package io.leadflow.shared.engine;

import io.leadflow.shared.error.FieldValidationException;
import java.util.List;
import java.util.Map;

/**
 * Checks the free-form maps callers send with events ({@code variables}, {@code callbackMetadata}) before anything is
 * stored: keys must be storable in MongoDB (not empty, no {@code .}, no leading {@code $}) and nesting is bounded.
 */
public final class EventVariables {

    public static final int MAX_DEPTH = 10;

    private EventVariables() {
    }

    /** @throws FieldValidationException naming the first bad key's path */
    public static void check(Object value, String field) {
        check(value, field, 1);
    }

    private static void check(Object value, String field, int depth) {
        if (depth > MAX_DEPTH) {
            throw new FieldValidationException(field, "is nested too deeply (at most " + MAX_DEPTH + " levels)");
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                if (key.isEmpty() || key.contains(".") || key.startsWith("$")) {
                    throw new FieldValidationException(field + "." + key,
                            "keys must not be empty, contain '.' or start with '$'");
                }
                check(entry.getValue(), field + "." + key, depth + 1);
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                check(list.get(i), field + "[" + i + "]", depth + 1);
            }
        }
    }
}
