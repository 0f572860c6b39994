package io.leadflow.api.sequence;

import io.leadflow.api.reconcile.ClosedRuns;
import io.leadflow.api.reconcile.Reconciliation;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.sequence.SequenceStatus;
import io.leadflow.contracts.sequence.SequenceWorkflow;
import io.leadflow.contracts.temporal.LeadflowSearchAttributes;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.sequence.Enrollment;
import io.leadflow.shared.sequence.SequenceIndex;
import io.leadflow.shared.tenant.TenantScope;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * Reads and controls sequences. Ownership is checked against the tenant's own index before any workflow is touched,
 * so one tenant can never see or signal another's sequence, whatever workflow ID it sends. Every open entry that is
 * read is checked against Temporal first, so a run closed from the Temporal UI or CLI is never reported as running.
 */
@Service
class SequenceOperations {

    private static final Logger log = LoggerFactory.getLogger(SequenceOperations.class);
    private static final Set<String> STATUSES = Set.of(SequenceStatus.RUNNING, SequenceStatus.PAUSED,
            SequenceStatus.COMPLETED, SequenceStatus.EXITED, SequenceStatus.CANCELLED, SequenceStatus.FAILED,
            SequenceStatus.TERMINATED, SequenceStatus.TIMED_OUT);

    private final WorkflowClient client;
    private final Reconciliation reconciliation;
    /** Checks of the open entries of one page run side by side; bounded so a large page can't flood the server. */
    private final ExecutorService checks = Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "sequence-check");
        thread.setDaemon(true);
        return thread;
    });

    SequenceOperations(WorkflowClient client, Reconciliation reconciliation) {
        this.client = client;
        this.reconciliation = reconciliation;
    }

    @jakarta.annotation.PreDestroy
    void shutdown() {
        checks.shutdownNow();
    }

    List<SequenceView> list(TenantScope tenant, String leadId, String ruleId, String status, int limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw LeadflowException.invalid("status", "must be one of " + STATUSES.stream().sorted().toList());
        }
        if (limit < 1 || limit > 500) {
            throw LeadflowException.invalid("limit", "must be between 1 and 500");
        }
        Query query = new Query();
        if (leadId != null) {
            query.addCriteria(Criteria.where("leadId").is(leadId));
        }
        if (ruleId != null) {
            query.addCriteria(Criteria.where("ruleId").is(ruleId));
        }
        if (status != null) {
            query.addCriteria(Criteria.where("status").is(status));
        }
        List<Enrollment> page = tenant.data().find(query.with(Sort.by(Sort.Direction.DESC, "enrolledAt")).limit(limit),
                Enrollment.class);
        List<CompletableFuture<SequenceView>> views = page.stream()
                .map(entry -> entry.isOpen()
                        ? CompletableFuture.supplyAsync(() -> view(reconciliation.sequence(tenant, entry), null, false), checks)
                        : CompletableFuture.completedFuture(view(new Reconciliation.Checked(entry, null), null, false)))
                .toList();
        return views.stream().map(CompletableFuture::join)
                .filter(view -> status == null || status.equals(view.status()))
                .toList();
    }

    /** The entry, checked against Temporal, and the workflow's own account of its steps when it answers. */
    SequenceView view(TenantScope tenant, String workflowId) {
        Reconciliation.Checked checked = reconciliation.sequence(tenant, require(tenant, workflowId));
        SequenceStatus live = null;
        try {
            live = client.newWorkflowStub(SequenceWorkflow.class, workflowId).status();
        } catch (WorkflowException | io.grpc.StatusRuntimeException e) {
            log.debug("status query of {} failed: {}", workflowId, e.toString());
        }
        return view(checked, live, true);
    }

    void control(TenantScope tenant, String workflowId, String action, String reason) {
        Enrollment entry = reconciliation.sequence(tenant, require(tenant, workflowId)).entry();
        if (!entry.isOpen()) {
            throw new LeadflowException(ErrorCode.CONFLICT, "sequence is " + entry.status() + "; nothing to " + action);
        }
        if (!signal(tenant, workflowId, action, reason)) {
            throw new LeadflowException(ErrorCode.CONFLICT, "sequence has already ended");
        }
    }

    /**
     * Signals through the typed interface; pause and resume show in the index at once.
     *
     * @return false when the sequence has no open run
     */
    boolean signal(TenantScope tenant, String workflowId, String action, String reason) {
        SequenceWorkflow sequence = client.newWorkflowStub(SequenceWorkflow.class, workflowId);
        try {
            switch (action) {
                case "pause" -> sequence.pause();
                case "resume" -> sequence.resume();
                case "skip-wait" -> sequence.skipWait();
                case "cancel" -> sequence.cancel(reason == null ? "cancelled by operator" : reason);
                default -> throw LeadflowException.invalid("action", "unknown action " + action);
            }
            if ("pause".equals(action) || "resume".equals(action)) {
                SequenceIndex.paused(tenant, workflowId, "pause".equals(action));
            }
            return true;
        } catch (WorkflowNotFoundException closed) {
            return false;
        }
    }

    static Enrollment require(TenantScope tenant, String workflowId) {
        return SequenceIndex.find(tenant, workflowId)
                .orElseThrow(() -> LeadflowException.notFound(ErrorCode.SEQUENCE_NOT_FOUND, "sequence", workflowId));
    }

    private static SequenceView view(Reconciliation.Checked checked, SequenceStatus live, boolean withSteps) {
        Enrollment entry = checked.entry();
        ClosedRuns.RunState run = checked.run();
        String status = entry.status();
        String step = null;
        Instant nextWakeAt = null;
        if (run != null && run.open()) {
            String reported = run.get(LeadflowSearchAttributes.SEQUENCE_STATUS);
            if (SequenceStatus.PAUSED.equals(reported) || SequenceStatus.RUNNING.equals(reported)) {
                status = reported;
            }
            step = run.get(LeadflowSearchAttributes.SEQUENCE_STEP);
            OffsetDateTime wake = run.get(LeadflowSearchAttributes.NEXT_WAKE_AT);
            nextWakeAt = wake == null ? null : wake.toInstant();
        }
        if (live != null && entry.isOpen() && SequenceStatus.isOpen(status)) {
            step = live.currentStepId() != null ? live.currentStepId() : step;
        }
        return new SequenceView(entry.id(), entry.leadId(), entry.sequenceKey(), entry.ruleId(), entry.name(),
                entry.version(), status, step, nextWakeAt, entry.totalSteps(), entry.exitReason(), entry.closedBy(),
                entry.enrolledAt(), entry.closedAt(), entry.eventLogId(),
                !withSteps ? null : live != null ? live.completedSteps() : entry.steps());
    }
}
