package io.leadflow.contracts.meet;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Google Meet links, created as Calendar events with a Meet conference on the tenant's calendar. Use
 * {@code ChannelActivityOptions.MEET} for the stub.
 */
@ActivityInterface
public interface MeetActivities {

    @ActivityMethod(name = "MeetCreate")
    MeetResult createMeet(MeetCreate create);
}
