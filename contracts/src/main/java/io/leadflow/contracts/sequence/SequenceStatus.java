package io.leadflow.contracts.sequence;

import java.util.List;

/**
 * A sequence as its workflow sees it right now (answer of the {@code status} query): where it is, when it wakes
 * next and what it has done.
 *
 * @param status {@code running}, {@code paused}, {@code completed}, {@code exited}, {@code cancelled} (from the
 *     workflow), or {@code failed}, {@code terminated}, {@code timed_out} (closed by Temporal, seen by the index)
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

    public static final String RUNNING = "running";
    public static final String PAUSED = "paused";
    public static final String COMPLETED = "completed";
    public static final String EXITED = "exited";
    public static final String CANCELLED = "cancelled";
    /** Closed by a failure of the workflow itself (a bug, never a step): see the index's {@code exitReason}. */
    public static final String FAILED = "failed";
    /** Terminated from outside (Temporal UI or CLI). */
    public static final String TERMINATED = "terminated";
    public static final String TIMED_OUT = "timed_out";

    /** Whether a status means the sequence may still run steps. */
    public static boolean isOpen(String status) {
        return RUNNING.equals(status) || PAUSED.equals(status);
    }
}
