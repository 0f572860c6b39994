package io.leadflow.contracts.rule;

import java.util.List;

/**
 * A json-rules-engine style condition tree. Exactly one shape is used per node: a group ({@code all},
 * {@code any}, {@code not}) or a leaf ({@code fact}, {@code operator}, {@code value}). Facts are dotted paths
 * into the evaluation context: {@code lead.score}, {@code event.plan}, {@code wait.reply}.
 */
public record Condition(
        List<Condition> all,
        List<Condition> any,
        Condition not,
        String fact,
        String operator,
        Object value) {

    public static Condition leaf(String fact, String operator, Object value) {
        return new Condition(null, null, null, fact, operator, value);
    }

    public static Condition all(List<Condition> children) {
        return new Condition(children, null, null, null, null, null);
    }

    public static Condition any(List<Condition> children) {
        return new Condition(null, children, null, null, null, null);
    }

    public static Condition not(Condition child) {
        return new Condition(null, null, child, null, null, null);
    }
}
