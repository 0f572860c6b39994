package io.leadflow.contracts.sequence;

import io.leadflow.contracts.temporal.WorkflowTypes;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One lead in one sequence, durable for as long as the sequence lasts (days, weeks, a year). The same workflow runs
 * data rules and sequences written in Java; operators control it with signals and read it with the {@code status}
 * query, its search attributes ({@code SequenceStatus}, {@code SequenceStep}, {@code NextWakeAt}) and the tenant's
 * sequences index. ID: {@code seq:<clientCode>:<leadId>:<sequenceKey>} ({@code WorkflowIds.sequence}).
 */
@WorkflowInterface
public interface SequenceWorkflow {

    @WorkflowMethod(name = WorkflowTypes.SEQUENCE)
    SequenceStatus run(SequenceInput input);

    /** Something happened to the lead: may end the sequence ({@code exitOn}) or end a {@code waitFor}. */
    @SignalMethod(name = "leadEvent")
    void leadEvent(LeadEvent event);

    /** Holds every action until {@link #resume()}; timers keep running. */
    @SignalMethod(name = "pause")
    void pause();

    @SignalMethod(name = "resume")
    void resume();

    /** Ends the current wait (delay, waitUntil, waitFor or send window) now. */
    @SignalMethod(name = "skipWait")
    void skipWait();

    /** Ends the sequence without running further steps. */
    @SignalMethod(name = "cancel")
    void cancel(String reason);

    /**
     * Re-enrollment with {@code reEnrollment: always} while this run is open: the run ends (continued as new) and the
     * sequence starts again from the top with {@code input}.
     */
    @SignalMethod(name = "restart")
    void restart(SequenceInput input);

    @QueryMethod(name = "status")
    SequenceStatus status();
}
