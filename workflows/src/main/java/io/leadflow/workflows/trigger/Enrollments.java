package io.leadflow.workflows.trigger;

import io.leadflow.contracts.sequence.EnrollmentPolicy;
import io.leadflow.contracts.sequence.EnrollmentRequest;
import io.leadflow.contracts.sequence.SequenceInput;
import io.leadflow.contracts.sequence.SequenceStarts;
import io.leadflow.contracts.sequence.SequenceWorkflow;
import io.leadflow.contracts.temporal.LeadflowSearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Enrolls a lead in sequences from workflow code: each sequence is a child workflow under its deterministic ID,
 * abandoned on close so it outlives the event that started it. The ID's reuse policy makes a second enrollment
 * impossible where the rule forbids it; "already running" is an answer, and with {@code reEnrollment: always} the
 * running one is restarted through its {@code restart} signal.
 */
final class Enrollments {

    private static final Logger log = Workflow.getLogger(Enrollments.class);
    /** A running sequence that closes between a refused start and the restart signal is started again, at most this often. */
    private static final int ATTEMPTS = 3;

    private Enrollments() {
    }

    /** What the enrollments did: workflow IDs started (or restarted), and those left alone as already enrolled. */
    record Outcome(List<String> started, List<String> alreadyEnrolled) {
    }

    static Outcome enroll(List<EnrollmentRequest> requests, Map<String, Object> resolved) {
        List<Promise<WorkflowExecution>> starts = new ArrayList<>();
        List<SequenceInput> inputs = new ArrayList<>();
        for (EnrollmentRequest request : requests) {
            SequenceInput input = resolved.isEmpty() ? request.input() : request.input().withResolved(merge(request, resolved));
            inputs.add(input);
            starts.add(start(input, request.reEnrollment()));
        }
        List<String> started = new ArrayList<>();
        List<String> already = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            SequenceInput input = inputs.get(i);
            String workflowId = SequenceStarts.workflowId(input);
            if (awaitStart(starts.get(i), input, requests.get(i).reEnrollment())) {
                started.add(workflowId);
            } else {
                already.add(workflowId);
            }
        }
        return new Outcome(started, already);
    }

    /** True when the sequence now runs for this enrollment (started, or restarted under {@code always}). */
    private static boolean awaitStart(Promise<WorkflowExecution> start, SequenceInput input, String reEnrollment) {
        Promise<WorkflowExecution> attempt = start;
        for (int i = 1; ; i++) {
            try {
                attempt.get();
                return true;
            } catch (ChildWorkflowFailure failure) {
                if (!(failure.getCause() instanceof WorkflowExecutionAlreadyStarted)) {
                    throw failure;
                }
                if (!EnrollmentPolicy.of(reEnrollment).restartsRunning()) {
                    return false;
                }
                if (restart(input)) {
                    return true;
                }
                if (i >= ATTEMPTS) {
                    log.warn("could not restart {} after {} attempts", SequenceStarts.workflowId(input), i);
                    return false;
                }
                attempt = start(input, reEnrollment);
            }
        }
    }

    private static Promise<WorkflowExecution> start(SequenceInput input, String reEnrollment) {
        ChildWorkflowOptions.Builder options = ChildWorkflowOptions.newBuilder()
                .setWorkflowId(SequenceStarts.workflowId(input))
                .setWorkflowIdReusePolicy(EnrollmentPolicy.of(reEnrollment).reuse())
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                .setStaticSummary(SequenceStarts.summary(input))
                .setStaticDetails(SequenceStarts.details(input));
        if (Workflow.getTypedSearchAttributes().containsKey(LeadflowSearchAttributes.CLIENT_CODE)) {
            options.setTypedSearchAttributes(SequenceStarts.searchAttributes(input));
        }
        SequenceWorkflow child = Workflow.newChildWorkflowStub(SequenceWorkflow.class, options.build());
        Async.function(child::run, input);
        return Workflow.getWorkflowExecution(child);
    }

    /** Restarts the running sequence with this enrollment; false when it closed before the signal reached it. */
    private static boolean restart(SequenceInput input) {
        SequenceWorkflow running = Workflow.newExternalWorkflowStub(SequenceWorkflow.class, SequenceStarts.workflowId(input));
        try {
            running.restart(input);
            return true;
        } catch (RuntimeException failure) {
            if (!ExternalSignals.targetClosed(failure)) {
                throw failure;
            }
            return false;
        }
    }

    private static Map<String, Object> merge(EnrollmentRequest request, Map<String, Object> resolved) {
        Map<String, Object> merged = new java.util.LinkedHashMap<>();
        if (request.input().resolved() != null) {
            merged.putAll(request.input().resolved());
        }
        merged.putAll(resolved);
        return merged;
    }
}
