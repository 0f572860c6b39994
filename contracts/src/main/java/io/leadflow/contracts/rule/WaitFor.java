package io.leadflow.contracts.rule;

import java.util.List;

/**
 * Waits for the first of {@code events} or for {@code timeout}; what came is recorded as fact
 * {@code wait.<stepId>} (the event name, or {@code timeout}) so later steps can branch on it.
 */
public record WaitFor(List<String> events, Delay timeout) {
}
