package io.leadflow.contracts.whatsapp;

import io.leadflow.contracts.channel.SendResult;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * WhatsApp sends through the Meta Cloud API, one message per call. Variables arrive resolved; the activity
 * never reads the lead. A sandbox tenant's messages go to its outbox. Use
 * {@code ChannelActivityOptions.WHATSAPP} for the stub.
 */
@ActivityInterface
public interface WhatsAppActivities {

    /** Sends an approved template (the only message type allowed outside the 24-hour customer-service window). */
    @ActivityMethod(name = "WhatsAppSendTemplate")
    SendResult sendTemplate(WhatsAppTemplateSend send);

    /** Sends free-form text; Meta accepts it only within 24 hours of the lead's last message. */
    @ActivityMethod(name = "WhatsAppSendText")
    SendResult sendText(WhatsAppTextSend send);
}
