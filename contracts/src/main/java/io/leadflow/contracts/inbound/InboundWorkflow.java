package io.leadflow.contracts.inbound;

import io.leadflow.contracts.temporal.WorkflowTypes;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Processes one WhatsApp webhook delivery for one tenant, after the API stored it and answered Meta. ID:
 * {@code inbound:<clientCode>:<webhookId>} ({@code WorkflowIds.inbound}), so a delivery is processed once.
 */
@WorkflowInterface
public interface InboundWorkflow {

    @WorkflowMethod(name = WorkflowTypes.INBOUND)
    InboundResult run(InboundInput input);
}
