package io.leadflow.api.whatsapp;

import io.grpc.StatusRuntimeException;
import io.leadflow.contracts.inbound.InboundInput;
import io.leadflow.contracts.inbound.InboundWorkflow;
import io.leadflow.contracts.temporal.LeadflowSearchAttributes;
import io.leadflow.contracts.temporal.WorkflowIds;
import io.leadflow.shared.config.LeadflowProperties;
import io.leadflow.shared.temporal.StartFailures;
import io.leadflow.shared.tenant.TenantContext;
import io.leadflow.shared.whatsapp.InboundWebhook;
import io.leadflow.shared.whatsapp.InboundWebhooks;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Hands a stored delivery to Temporal: one {@code WhatsAppInbound} workflow per tenant it concerns, ID
 * {@code inbound:<clientCode>:<webhookId>} (a second start is an answer, not an error). A start that fails leaves the
 * delivery {@code received}; the redispatcher tries again.
 */
@Component
class InboundDispatcher {

    private static final Logger log = LoggerFactory.getLogger(InboundDispatcher.class);

    private final WorkflowClient client;
    private final InboundWebhooks webhooks;
    private final LeadflowProperties properties;

    InboundDispatcher(WorkflowClient client, InboundWebhooks webhooks, LeadflowProperties properties) {
        this.client = client;
        this.webhooks = webhooks;
        this.properties = properties;
    }

    /** Starts every route not started yet; true when all are. */
    boolean dispatch(InboundWebhook webhook) {
        boolean all = true;
        for (InboundWebhook.Route route : webhook.routes()) {
            if (route.workflowId() != null) {
                continue;
            }
            String workflowId = WorkflowIds.inbound(route.clientCode(), webhook.id());
            try {
                start(route, webhook.id(), workflowId);
                webhooks.started(webhook.id(), route.clientCode(), workflowId);
            } catch (WorkflowServiceException | StatusRuntimeException unavailable) {
                log.warn("delivery {} for {} waits: Temporal did not take it ({})", webhook.id(), route.clientCode(),
                        unavailable.toString());
                all = false;
            }
        }
        return all;
    }

    private void start(InboundWebhook.Route route, String webhookId, String workflowId) {
        WorkflowOptions.Builder options = WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(properties.temporal().taskQueue())
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                .setStaticSummary("WhatsApp · " + route.messages() + " message(s), " + route.statuses() + " status(es)");
        if (properties.temporal().searchAttributes()) {
            options.setTypedSearchAttributes(LeadflowSearchAttributes.of(route.clientCode(), null, null, null));
        }
        String previous = TenantContext.current().orElse(null);
        TenantContext.set(route.clientCode());
        try {
            WorkflowClient.start(client.newWorkflowStub(InboundWorkflow.class, options.build())::run,
                    new InboundInput(route.clientCode(), webhookId, route.messages(), route.statuses()));
        } catch (WorkflowExecutionAlreadyStarted alreadyStarted) {
            log.debug("{} already started", workflowId);
        } catch (WorkflowServiceException | StatusRuntimeException e) {
            if (!StartFailures.isAlreadyStarted(e)) {
                throw e;
            }
        } finally {
            TenantContext.set(previous);
        }
    }
}
