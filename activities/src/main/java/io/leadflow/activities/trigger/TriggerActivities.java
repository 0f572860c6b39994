package io.leadflow.activities.trigger;

import io.leadflow.shared.engine.TriggerAcceptance;
import io.leadflow.shared.engine.TriggerInput;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The database side of handling one event: its EventLog's life and the rules it matches. */
@ActivityInterface
public interface TriggerActivities {

    /** Marks the event {@code processing} and finds the active rules whose condition holds for the lead. */
    @ActivityMethod(name = "BeginEvent")
    TriggerPlan begin(TriggerInput input);

    /** Stores what the API answers (lead, rules matched, Meet link or warning) on the EventLog. */
    @ActivityMethod(name = "RecordAcceptance")
    void recordAcceptance(String clientCode, String eventLogId, TriggerAcceptance acceptance);

    /** Marks the event {@code completed}. */
    @ActivityMethod(name = "CompleteEvent")
    void complete(String clientCode, String eventLogId, String note);

    /** Marks the event {@code failed} with a stable code. */
    @ActivityMethod(name = "FailEvent")
    void fail(String clientCode, String eventLogId, String code, String message);
}
