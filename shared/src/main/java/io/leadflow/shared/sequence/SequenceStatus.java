package io.leadflow.shared.sequence;

import java.util.List;

/**
 * A sequence as its workflow sees it right now (answer of the {@code status} query): where it is, when it wakes
 * next and what it has done.
 *
 * @param status {@code running}, {@code paused}, {@code completed}, {@code exited}, {@code cancelled}
 * @param phase what the current step is doing: {@code delay}, {@code waitUntil}, {@code waitFor},
 *     {@code sendWindow}, {@code paused}, {@code acting}
 * @param nextWakeAt ISO instant of the next timer, or null when not waiting
 */
public record SequenceStatus(
        String workflowId,
        String clientCode,
        String leadId,
        String sequenceKey,
        String name,
        String status,
        int currentStepIndex,
        String currentStepId,
        String phase,
        String nextWakeAt,
        int totalSteps,
        List<StepRecord> completedSteps,
        String exitReason) {
}
