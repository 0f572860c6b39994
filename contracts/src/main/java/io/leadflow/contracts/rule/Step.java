package io.leadflow.contracts.rule;

/**
 * One step of a sequence: optional waits (a delay, a wall-clock time, or "the first of these events or a
 * timeout"), an optional condition re-checked against the lead when the step comes due, and one action.
 *
 * @param id stable name of the step, used by {@code wait.<id>} facts and in the operator view
 */
public record Step(String id, Delay delay, WaitUntil waitUntil, WaitFor waitFor, Condition condition, Action action) {
}
