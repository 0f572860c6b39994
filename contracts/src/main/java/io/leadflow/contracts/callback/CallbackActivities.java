package io.leadflow.contracts.callback;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Signed HTTP callbacks (the trigger's {@code callbackUrl}) and webhook actions, Standard Webhooks style. Use
 * {@code ChannelActivityOptions.CALLBACK} for the stub: one delivery attempt per activity attempt, retried with backoff
 * until the configured retry window closes (the implementation enforces it).
 */
@ActivityInterface
public interface CallbackActivities {

    @ActivityMethod(name = "CallbackDeliver")
    CallbackResult deliver(CallbackDelivery delivery);
}
