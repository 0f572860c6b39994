package io.leadflow.shared.sequence;

import java.util.Map;

/**
 * What one step did: {@code outcome} is {@code done}, {@code skipped} (condition false), {@code failed} or
 * {@code waited}; {@code result} carries the action's answer (message id, meet link, stage) or the failure code.
 */
public record StepRecord(int index, String stepId, String action, String outcome, Map<String, Object> result, String at) {
}
