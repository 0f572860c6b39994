package io.leadflow.workflows.inbox;

import io.leadflow.contracts.channel.ChannelActivityOptions;
import io.leadflow.contracts.channel.SendResult;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.inbox.InboxReply;
import io.leadflow.contracts.inbox.InboxReplyResult;
import io.leadflow.contracts.inbox.InboxReplyWorkflow;
import io.leadflow.contracts.whatsapp.WhatsAppActivities;
import io.leadflow.contracts.whatsapp.WhatsAppTemplateSend;
import io.leadflow.contracts.whatsapp.WhatsAppTextSend;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;

/**
 * An inbox reply through the same WhatsApp activity sequences use (its idempotency, sandbox, 24-hour window and
 * failure records). A refusal ends the workflow normally with {@code failed} and the stable code; the message itself
 * already says so in the conversation.
 */
public class InboxReplyWorkflowImpl implements InboxReplyWorkflow {

    @Override
    public InboxReplyResult run(InboxReply reply) {
        WhatsAppActivities whatsapp = Workflow.newActivityStub(WhatsAppActivities.class,
                ActivityOptions.newBuilder(ChannelActivityOptions.WHATSAPP)
                        .setSummary(reply.text() != null ? "send inbox reply" : "send template " + reply.templateName())
                        .build());
        try {
            SendResult sent = reply.text() != null
                    ? whatsapp.sendText(new WhatsAppTextSend(reply.clientCode(), reply.leadId(), reply.to(), reply.text(),
                            reply.idempotencyKey()))
                    : whatsapp.sendTemplate(new WhatsAppTemplateSend(reply.clientCode(), reply.leadId(), reply.to(),
                            reply.templateName(), reply.language(), reply.bodyVariables(), reply.headerVariables(),
                            reply.idempotencyKey()));
            return new InboxReplyResult(sent.status(), sent.providerMessageId(), null, null);
        } catch (ActivityFailure failure) {
            String code = failure.getCause() instanceof ApplicationFailure app && app.getType() != null
                    ? app.getType() : ErrorCode.PROVIDER_TRANSIENT.name();
            String message = failure.getCause() instanceof ApplicationFailure app ? app.getOriginalMessage() : null;
            return new InboxReplyResult("failed", null, code, message);
        }
    }
}
