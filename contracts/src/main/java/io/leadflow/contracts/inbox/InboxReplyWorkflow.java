package io.leadflow.contracts.inbox;

import io.leadflow.contracts.temporal.WorkflowTypes;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Sends one inbox reply through the WhatsApp activity, with the channel's retry profile. ID:
 * {@code reply:<clientCode>:<clientMessageId>}: a repeated request is the same workflow, never a second message. A
 * refusal is the result ({@code failed} with its code), never a failed workflow.
 */
@WorkflowInterface
public interface InboxReplyWorkflow {

    @WorkflowMethod(name = WorkflowTypes.INBOX_REPLY)
    InboxReplyResult run(InboxReply reply);
}
