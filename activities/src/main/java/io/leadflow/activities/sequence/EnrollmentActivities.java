package io.leadflow.activities.sequence;

import io.leadflow.shared.sequence.LeadEvent;
import io.leadflow.shared.sequence.SequenceInput;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Starts sequences and tells running ones what happened to their lead. */
@ActivityInterface
public interface EnrollmentActivities {

    /**
     * Enrolls the lead: starts the sequence workflow under its deterministic ID with the policy of
     * {@code reEnrollment}. "Already enrolled" is an answer ({@code enrolled=false}), not a failure.
     */
    @ActivityMethod(name = "Enroll")
    EnrollmentOutcome enroll(SequenceInput input, String reEnrollment);

    /** Signals every running sequence of the lead with the event; answers how many were told. */
    @ActivityMethod(name = "NotifyLeadSequences")
    int notifyLeadSequences(String clientCode, String leadId, LeadEvent event);
}
