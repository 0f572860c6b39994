package io.leadflow.contracts.action;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The actions of sequence steps. Each call reads the lead as it is now, renders the action's templates against it
 * (so a step never needs a separate lead read), checks that the tenant may send, and acts. One interface, one stub
 * per retry profile ({@code ChannelActivityOptions}): provider calls retry for their channel's window, CRM updates
 * patiently.
 *
 * <p>Outcomes: {@code done}; {@code skipped} with a code when the action must not run now (tenant suspended, lead
 * opted out); permanent failures are non-retryable {@code ApplicationFailure}s typed with an {@code ErrorCode}
 * ({@code LEAD_HAS_NO_EMAIL}, {@code TEMPLATE_ERROR}, {@code PROVIDER_PERMANENT}), which the sequence records on the
 * step before going on.
 */
@ActivityInterface
public interface ActionActivities {

    @ActivityMethod(name = "SendWhatsApp")
    ActionOutcome sendWhatsApp(ActionRequest request);

    @ActivityMethod(name = "SendEmail")
    ActionOutcome sendEmail(ActionRequest request);

    @ActivityMethod(name = "CreateMeet")
    ActionOutcome createMeet(ActionRequest request);

    @ActivityMethod(name = "CallWebhook")
    ActionOutcome callWebhook(ActionRequest request);

    /** {@code move_stage}, {@code assign_to}, {@code add_tag}, {@code remove_tag}: lifecycle triggers fire one level deeper. */
    @ActivityMethod(name = "UpdateLead")
    ActionOutcome updateLead(ActionRequest request);
}
