package io.leadflow.contracts.rule;

import io.leadflow.contracts.template.ContextPaths;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Evaluates a json-rules-engine style {@link Condition} tree against an evaluation context. Pure and
 * deterministic, so workflows evaluate conditions themselves.
 *
 * <p>Semantics, in brief (docs/RULES.md has the full table): numbers compare by value across Integer, Long
 * and Double, and a numeric string equals a number ({@code "5000"} = {@code 5000}); ordering works on
 * numbers and on strings (ISO dates sort correctly); a missing fact equals only {@code null} and fails every
 * ordering; {@code contains} looks into lists and substrings; a fact that is a list is {@code in} a value
 * list when they share an element; {@code exists} treats null and blank strings as absent. A null
 * condition, and an empty {@code all}, hold.
 */
public final class ConditionEvaluator {

    public static final String EQUAL = "equal";
    public static final String NOT_EQUAL = "notEqual";
    public static final String LESS_THAN = "lessThan";
    public static final String LESS_THAN_INCLUSIVE = "lessThanInclusive";
    public static final String GREATER_THAN = "greaterThan";
    public static final String GREATER_THAN_INCLUSIVE = "greaterThanInclusive";
    public static final String IN = "in";
    public static final String NOT_IN = "notIn";
    public static final String CONTAINS = "contains";
    public static final String DOES_NOT_CONTAIN = "doesNotContain";
    public static final String EXISTS = "exists";

    /** Every operator, in the order the docs list them. */
    public static final List<String> OPERATORS = List.of(EQUAL, NOT_EQUAL, LESS_THAN, LESS_THAN_INCLUSIVE,
            GREATER_THAN, GREATER_THAN_INCLUSIVE, IN, NOT_IN, CONTAINS, DOES_NOT_CONTAIN, EXISTS);

    static final Set<String> ORDERING = Set.of(LESS_THAN, LESS_THAN_INCLUSIVE, GREATER_THAN, GREATER_THAN_INCLUSIVE);

    private static final Pattern NUMERIC = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private ConditionEvaluator() {
    }

    /**
     * Whether the condition holds for the context.
     *
     * @throws IllegalArgumentException for an unknown operator or a node that is neither group nor leaf;
     *         rule validation rejects both before a rule is stored
     */
    public static boolean evaluate(Condition condition, Map<String, ?> context) {
        if (condition == null) {
            return true;
        }
        if (condition.all() != null) {
            for (Condition child : condition.all()) {
                if (!evaluate(child, context)) {
                    return false;
                }
            }
            return true;
        }
        if (condition.any() != null) {
            for (Condition child : condition.any()) {
                if (evaluate(child, context)) {
                    return true;
                }
            }
            return false;
        }
        if (condition.not() != null) {
            return !evaluate(condition.not(), context);
        }
        if (condition.fact() == null || condition.operator() == null) {
            throw new IllegalArgumentException("condition node has neither all, any, not nor fact and operator");
        }
        return test(ContextPaths.resolve(context, condition.fact()), condition.operator(), condition.value());
    }

    /** One leaf: {@code fact operator value}. */
    public static boolean test(Object fact, String operator, Object value) {
        return switch (operator) {
            case EQUAL -> same(fact, value);
            case NOT_EQUAL -> !same(fact, value);
            case LESS_THAN -> ordered(fact, value, c -> c < 0);
            case LESS_THAN_INCLUSIVE -> ordered(fact, value, c -> c <= 0);
            case GREATER_THAN -> ordered(fact, value, c -> c > 0);
            case GREATER_THAN_INCLUSIVE -> ordered(fact, value, c -> c >= 0);
            case IN -> in(fact, value);
            case NOT_IN -> !in(fact, value);
            case CONTAINS -> contains(fact, value);
            case DOES_NOT_CONTAIN -> !contains(fact, value);
            case EXISTS -> present(fact) == Boolean.TRUE.equals(value);
            default -> throw new IllegalArgumentException("unknown operator '" + operator + "'");
        };
    }

    /** Equality by value: numbers numerically (a numeric string counts as a number when compared to one). */
    static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == null && b == null;
        }
        if (a instanceof Number || b instanceof Number) {
            BigDecimal x = number(a);
            BigDecimal y = number(b);
            return x != null && y != null && x.compareTo(y) == 0;
        }
        if (a instanceof List<?> left && b instanceof List<?> right) {
            if (left.size() != right.size()) {
                return false;
            }
            for (int i = 0; i < left.size(); i++) {
                if (!same(left.get(i), right.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** Negative, zero or positive; null when the two cannot be ordered (a missing fact, mixed types). */
    static Integer compare(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null && y != null) {
            return x.compareTo(y);
        }
        if (a instanceof String s && b instanceof String t) {
            return s.compareTo(t);
        }
        return null;
    }

    private static boolean ordered(Object fact, Object value, java.util.function.IntPredicate accept) {
        Integer comparison = compare(fact, value);
        return comparison != null && accept.test(comparison);
    }

    private static boolean in(Object fact, Object value) {
        if (fact == null || !(value instanceof List<?> options)) {
            return false;
        }
        if (fact instanceof List<?> facts) {
            for (Object item : facts) {
                if (in(item, options)) {
                    return true;
                }
            }
            return false;
        }
        for (Object option : options) {
            if (same(fact, option)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(Object fact, Object value) {
        if (fact instanceof List<?> items) {
            for (Object item : items) {
                if (same(item, value)) {
                    return true;
                }
            }
            return false;
        }
        if (fact instanceof String text && value != null) {
            return text.contains(ContextPaths.text(value));
        }
        return false;
    }

    private static boolean present(Object fact) {
        return fact != null && !(fact instanceof String s && s.isBlank());
    }

    private static BigDecimal number(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? new BigDecimal(value.toString()) : null;
        }
        if (value instanceof String s) {
            String trimmed = s.trim();
            return NUMERIC.matcher(trimmed).matches() ? new BigDecimal(trimmed) : null;
        }
        return null;
    }
}
