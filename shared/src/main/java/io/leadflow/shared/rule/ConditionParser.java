package io.leadflow.shared.rule;

import io.leadflow.contracts.rule.Condition;
import io.leadflow.contracts.rule.ConditionEvaluator;
import io.leadflow.shared.error.FieldValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Condition trees in the style of json-rules-engine ({@code all}, {@code any}, {@code not}, facts): docs/RULES.md. */
final class ConditionParser {

    private ConditionParser() {
    }

    static Condition condition(Object node, String path, int depth) {
        if (depth > RuleParser.MAX_CONDITION_DEPTH) {
            throw new FieldValidationException(path, "is nested too deeply (at most " + RuleParser.MAX_CONDITION_DEPTH + " levels)");
        }
        Map<String, ?> map = RuleFields.object(node, path);
        RuleFields.allowOnly(map, path, "all", "any", "not", "fact", "operator", "value");
        boolean leaf = map.containsKey("fact") || map.containsKey("operator") || map.containsKey("value");
        int shapes = (map.containsKey("all") ? 1 : 0) + (map.containsKey("any") ? 1 : 0)
                + (map.containsKey("not") ? 1 : 0) + (leaf ? 1 : 0);
        if (shapes != 1) {
            throw new FieldValidationException(path, "use exactly one of all, any, not, or fact/operator/value");
        }
        if (map.containsKey("all") || map.containsKey("any")) {
            String group = map.containsKey("all") ? "all" : "any";
            List<?> items = RuleFields.list(map.get(group), path + "." + group);
            if (items == null || items.isEmpty()) {
                throw new FieldValidationException(path + "." + group, "must contain at least one condition");
            }
            if (items.size() > RuleParser.MAX_LIST) {
                throw new FieldValidationException(path + "." + group, "at most " + RuleParser.MAX_LIST + " conditions");
            }
            List<Condition> children = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                children.add(condition(items.get(i), path + "." + group + "[" + i + "]", depth + 1));
            }
            return group.equals("all") ? Condition.all(List.copyOf(children)) : Condition.any(List.copyOf(children));
        }
        if (map.containsKey("not")) {
            if (map.get("not") == null) {
                throw new FieldValidationException(path + ".not", "must be a condition");
            }
            return Condition.not(condition(map.get("not"), path + ".not", depth + 1));
        }
        String fact = RuleFields.string(map.get("fact"), path + ".fact", 200, false);
        if (fact == null) {
            throw new FieldValidationException(path + ".fact", "is required");
        }
        if (!RuleParser.FACT.matcher(fact).matches()) {
            throw new FieldValidationException(path + ".fact",
                    "must be a dotted path starting with lead., event., wait. or resolved. (like lead.score)");
        }
        String operator = RuleFields.string(map.get("operator"), path + ".operator", 64, false);
        if (operator == null) {
            throw new FieldValidationException(path + ".operator", "is required");
        }
        if (!ConditionEvaluator.OPERATORS.contains(operator)) {
            throw new FieldValidationException(path + ".operator", "unknown operator '" + operator + "' (one of "
                    + String.join(", ", ConditionEvaluator.OPERATORS) + ")");
        }
        Object value = map.get("value");
        String at = path + ".value";
        switch (operator) {
            case ConditionEvaluator.EXISTS -> {
                if (!(value instanceof Boolean)) {
                    throw new FieldValidationException(at, "must be true or false for exists");
                }
            }
            case ConditionEvaluator.IN, ConditionEvaluator.NOT_IN -> {
                if (!(value instanceof List<?> options)) {
                    throw new FieldValidationException(at, "must be a list for " + operator);
                }
                for (int i = 0; i < options.size(); i++) {
                    scalar(options.get(i), at + "[" + i + "]");
                }
            }
            case ConditionEvaluator.CONTAINS, ConditionEvaluator.DOES_NOT_CONTAIN -> {
                if (value == null) {
                    throw new FieldValidationException(at, "is required for " + operator);
                }
                scalar(value, at);
            }
            case ConditionEvaluator.LESS_THAN, ConditionEvaluator.LESS_THAN_INCLUSIVE,
                 ConditionEvaluator.GREATER_THAN, ConditionEvaluator.GREATER_THAN_INCLUSIVE -> {
                if (!(value instanceof Number) && !(value instanceof String)) {
                    throw new FieldValidationException(at, "must be a number or a string for " + operator);
                }
            }
            default -> {
                if (value instanceof Map<?, ?>) {
                    throw new FieldValidationException(at, "must be a number, string, boolean, list or null");
                }
            }
        }
        return Condition.leaf(fact, operator,
                value instanceof List<?> l ? java.util.Collections.unmodifiableList(new ArrayList<>(l)) : value);
    }

    static void scalar(Object value, String path) {
        if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
            throw new FieldValidationException(path, "must be a string, number or boolean");
        }
    }
}
