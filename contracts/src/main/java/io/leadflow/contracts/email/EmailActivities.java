package io.leadflow.contracts.email;

import io.leadflow.contracts.channel.SendResult;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * E-mail sends through the tenant's own SMTP server. A sandbox tenant's e-mails go to its outbox. Use
 * {@code ChannelActivityOptions.EMAIL} for the stub.
 */
@ActivityInterface
public interface EmailActivities {

    @ActivityMethod(name = "EmailSend")
    SendResult sendEmail(EmailSend send);
}
