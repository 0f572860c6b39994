package io.leadflow.workflows.sequence;

import io.leadflow.shared.sequence.LeadEvent;
import io.leadflow.shared.sequence.SequenceInput;
import io.leadflow.shared.sequence.SequenceStatus;
import io.leadflow.shared.temporal.WorkflowTypes;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One lead in one sequence, durable for as long as the sequence lasts (days, weeks). The same workflow runs data
 * rules and sequences written in Java; operators control it with signals and read it with the {@code status} query.
 * ID: {@code seq:<clientCode>:<leadId>:<sequenceKey>}.
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

    @QueryMethod(name = "status")
    SequenceStatus status();
}
