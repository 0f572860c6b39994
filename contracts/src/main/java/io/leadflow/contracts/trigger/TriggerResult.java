package io.leadflow.contracts.trigger;

import java.util.List;

/**
 * How one event ended: the sequences it enrolled the lead in, the running ones it told, and its callback.
 *
 * @param callbackStatus {@code delivered}, {@code failed}, {@code skipped} or null without a callback
 */
public record TriggerResult(String eventLogId, int rulesMatched, List<String> enrolledWorkflowIds, int notified,
                            String callbackStatus) {
}
