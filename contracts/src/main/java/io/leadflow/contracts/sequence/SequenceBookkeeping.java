package io.leadflow.contracts.sequence;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The tenant's sequences index and lead reads of a running sequence: quick database work, run as local activities
 * (a marker in the history, no activity task).
 */
@ActivityInterface
public interface SequenceBookkeeping {

    /**
     * The first thing a run does: its entry in the tenant's index as {@code running}, replacing what an earlier run
     * of the same lead and sequence left there.
     */
    @ActivityMethod(name = "OpenSequence")
    void open(SequenceOpened opened);

    /** The last thing a run does: its final status, why, and what its steps did. */
    @ActivityMethod(name = "CloseSequence")
    void close(SequenceClosed closed);

    /** The lead's current facts, read when a step with a condition comes due. */
    @ActivityMethod(name = "LoadLead")
    LeadSnapshot loadLead(String clientCode, String leadId);
}
