package io.leadflow.contracts.callback;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Signed HTTP callbacks (the trigger's {@code callbackUrl}) and webhook actions, Standard Webhooks style. Use
 * {@code ChannelActivityOptions.CALLBACK} (or {@code callback(window)}) for the stub: one attempt per activity
 * attempt, retried with backoff for the retry window.
 */
@ActivityInterface
public interface CallbackActivities {

    @ActivityMethod(name = "CallbackDeliver")
    CallbackResult deliver(CallbackDelivery delivery);
}
