package io.leadflow.activities.sequence;

import io.leadflow.shared.sequence.SequenceInput;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The CRM side of a running sequence: the lead as it is now, CRM actions, and the operator index. */
@ActivityInterface
public interface SequenceActivities {

    /** The lead's current facts ({@code lead.*}), for conditions and templates when a step comes due. */
    @ActivityMethod(name = "LoadLead")
    LeadSnapshot loadLead(String clientCode, String leadId);

    /** Runs a CRM action (move_stage, assign_to, add_tag, remove_tag); lifecycle triggers fire at {@code depth}. */
    @ActivityMethod(name = "RunCrmAction")
    ActionOutcome crmAction(CrmAction action);

    /**
     * The first thing a sequence run does: writes its entry in the tenant's index as {@code running}, replacing what
     * an earlier run of the same lead and sequence left there.
     */
    @ActivityMethod(name = "RecordEnrollment")
    void recordEnrollment(SequenceInput input, String workflowId);

    /** Keeps the tenant's sequence index in step with the workflow (status, current step, next wake-up). */
    @ActivityMethod(name = "RecordSequenceStatus")
    void recordStatus(SequenceStatusChange change);
}
