package io.leadflow.shared.engine;

import io.grpc.StatusRuntimeException;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.sequence.EnrollmentPolicy;
import io.leadflow.contracts.sequence.LeadEvent;
import io.leadflow.contracts.sequence.SequenceInput;
import io.leadflow.contracts.sequence.SequenceStarts;
import io.leadflow.contracts.sequence.SequenceWorkflow;
import io.leadflow.shared.config.LeadflowProperties;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.temporal.StartFailures;
import io.leadflow.shared.tenant.TenantContext;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;

/**
 * Starts sequences and signals them from outside any workflow (the API's lean path, an operator's enrollment): the
 * same deterministic ID, reuse policy, search attributes and summaries as a trigger workflow's child, and the same
 * reading of "already running" — an answer, and for {@code reEnrollment: always} a restart through the sequence's
 * {@code restart} signal.
 */
public class SequenceStarter {

    private final WorkflowClient client;
    private final LeadflowProperties properties;

    public SequenceStarter(WorkflowClient client, LeadflowProperties properties) {
        this.client = client;
        this.properties = properties;
    }

    /** What an enrollment did. */
    public enum Started {
        /** A new run started. */
        STARTED,
        /** A running sequence was restarted from the top ({@code always}). */
        RESTARTED,
        /** The lead already runs (or ran, for {@code never}) this sequence; nothing changed. */
        ALREADY_ENROLLED
    }

    /**
     * Enrolls the lead; starting is idempotent on the workflow ID.
     *
     * @throws LeadflowException {@code TEMPORAL_UNAVAILABLE} when the server can't be reached
     */
    public Started enroll(SequenceInput input, String reEnrollment) {
        EnrollmentPolicy policy = EnrollmentPolicy.of(reEnrollment);
        String workflowId = SequenceStarts.workflowId(input);
        WorkflowOptions.Builder options = WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(properties.temporal().taskQueue())
                .setWorkflowIdReusePolicy(policy.reuse())
                .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                .setStaticSummary(SequenceStarts.summary(input))
                .setStaticDetails(SequenceStarts.details(input));
        if (properties.temporal().searchAttributes()) {
            options.setTypedSearchAttributes(SequenceStarts.searchAttributes(input));
        }
        return asTenant(input.clientCode(), () -> {
            try {
                WorkflowClient.start(client.newWorkflowStub(SequenceWorkflow.class, options.build())::run, input);
                return Started.STARTED;
            } catch (WorkflowExecutionAlreadyStarted alreadyStarted) {
                return alreadyRunning(input, reEnrollment);
            } catch (WorkflowServiceException | StatusRuntimeException e) {
                if (StartFailures.isAlreadyStarted(e)) {
                    return alreadyRunning(input, reEnrollment);
                }
                throw unavailable(e);
            }
        });
    }

    /** Tells a running sequence what happened to its lead; false when it has no open run. */
    public boolean signal(String clientCode, String workflowId, LeadEvent event) {
        return asTenant(clientCode, () -> {
            try {
                client.newWorkflowStub(SequenceWorkflow.class, workflowId).leadEvent(event);
                return true;
            } catch (WorkflowNotFoundException closed) {
                return false;
            } catch (WorkflowServiceException | StatusRuntimeException e) {
                throw unavailable(e);
            }
        });
    }

    private Started alreadyRunning(SequenceInput input, String reEnrollment) {
        if (!EnrollmentPolicy.of(reEnrollment).restartsRunning()) {
            return Started.ALREADY_ENROLLED;
        }
        try {
            client.newWorkflowStub(SequenceWorkflow.class, SequenceStarts.workflowId(input)).restart(input);
            return Started.RESTARTED;
        } catch (WorkflowNotFoundException closedMeanwhile) {
            return enroll(input, reEnrollment);
        }
    }

    private static LeadflowException unavailable(RuntimeException e) {
        return new LeadflowException(ErrorCode.TEMPORAL_UNAVAILABLE,
                "the workflow engine is unreachable; the event is kept and will be processed when it is back", e);
    }

    private static <T> T asTenant(String clientCode, java.util.function.Supplier<T> call) {
        String previous = TenantContext.current().orElse(null);
        TenantContext.set(clientCode);
        try {
            return call.get();
        } finally {
            TenantContext.set(previous);
        }
    }
}
