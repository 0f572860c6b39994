package io.leadflow.contracts.job;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The batches of a tenant's scheduled jobs; each idempotent, so a retried batch changes nothing twice. */
@ActivityInterface
public interface JobActivities {

    /**
     * Fires {@code no_contact} for the next leads idle (no inbound or outbound message) for at least the {@code days}
     * of one of the tenant's active {@code no_contact} rules, once per idle stretch and number of days.
     */
    @ActivityMethod(name = "ScanNoContact")
    JobBatch scanNoContact(JobStep step);

    /** Recalculates and stores the score of the next leads (docs/INBOUND.md, "Lead score"). */
    @ActivityMethod(name = "RecalculateScores")
    JobBatch recalculateScores(JobStep step);
}
