package io.leadflow.contracts.template;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the context that conditions and templates read, as plain ordered maps:
 * <ul>
 *   <li>{@code lead} – the lead's fields, stage name and tags, with its {@code refs} and {@code extra} keys
 *       flattened in (see {@code LeadFacts})</li>
 *   <li>{@code event} – the trigger's variables plus {@code trigger}, the trigger's name</li>
 *   <li>{@code resolved} – values the engine produced on the way ({@code meetLink})</li>
 *   <li>{@code wait} – per step id, what ended that step's wait (an event name or {@code timeout})</li>
 * </ul>
 * Every method returns a new map and never changes its arguments, so contexts can be passed around in
 * workflow code as values.
 */
public final class EvaluationContext {

    public static final String LEAD = "lead";
    public static final String EVENT = "event";
    public static final String RESOLVED = "resolved";
    public static final String WAIT = "wait";
    /** The key under {@code event} holding the trigger's name. */
    public static final String TRIGGER = "trigger";

    private EvaluationContext() {
    }

    /** A full context; null parts become empty maps. */
    public static Map<String, Object> of(Map<String, ?> lead, String trigger, Map<String, ?> variables,
                                         Map<String, ?> resolved, Map<String, ?> wait) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put(LEAD, copy(lead));
        context.put(EVENT, event(trigger, variables));
        context.put(RESOLVED, copy(resolved));
        context.put(WAIT, copy(wait));
        return context;
    }

    /** The {@code event} part: the variables, and {@code trigger} (which a variable cannot override). */
    public static Map<String, Object> event(String trigger, Map<String, ?> variables) {
        Map<String, Object> event = copy(variables);
        if (trigger != null) {
            event.put(TRIGGER, trigger);
        }
        return event;
    }

    /** A copy of the context with {@code lead} replaced (after the lead changed mid-sequence). */
    public static Map<String, Object> withLead(Map<String, ?> context, Map<String, ?> lead) {
        Map<String, Object> next = copy(context);
        next.put(LEAD, copy(lead));
        return next;
    }

    /** A copy of the context with {@code resolved.<key>} set. */
    public static Map<String, Object> withResolved(Map<String, ?> context, String key, Object value) {
        return withEntry(context, RESOLVED, key, value);
    }

    /** A copy of the context with {@code wait.<stepId>} set to what ended the step's wait. */
    public static Map<String, Object> withWait(Map<String, ?> context, String stepId, Object result) {
        return withEntry(context, WAIT, stepId, result);
    }

    private static Map<String, Object> withEntry(Map<String, ?> context, String part, String key, Object value) {
        Map<String, Object> next = copy(context);
        Object existing = next.get(part);
        Map<String, Object> inner = existing instanceof Map<?, ?> m ? copy(castMap(m)) : new LinkedHashMap<>();
        inner.put(key, value);
        next.put(part, inner);
        return next;
    }

    private static Map<String, Object> copy(Map<String, ?> source) {
        return source == null ? new LinkedHashMap<>() : new LinkedHashMap<>(source);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castMap(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }
}
