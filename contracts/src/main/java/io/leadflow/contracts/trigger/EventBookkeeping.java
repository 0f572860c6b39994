package io.leadflow.contracts.trigger;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The event log's side of a trigger workflow: quick database work, run as local activities (a marker in the
 * history, no activity task).
 */
@ActivityInterface
public interface EventBookkeeping {

    /** Plans a delayed event when its delay ends: the rules and sequences as they are now. */
    @ActivityMethod(name = "PlanEvent")
    EventPlan plan(TriggerInput input);

    /** Marks the event {@code completed} with what it did. */
    @ActivityMethod(name = "CompleteEvent")
    void complete(EventCompletion completion);
}
