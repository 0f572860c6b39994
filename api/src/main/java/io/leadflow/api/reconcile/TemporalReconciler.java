package io.leadflow.api.reconcile;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.leadflow.contracts.temporal.WorkflowIds;
import io.leadflow.contracts.temporal.WorkflowTypes;
import io.leadflow.shared.broadcast.Broadcast;
import io.leadflow.shared.broadcast.Broadcasts;
import io.leadflow.shared.client.Client;
import io.leadflow.shared.client.ClientDirectory;
import io.leadflow.shared.config.LeadflowProperties;
import io.leadflow.shared.metrics.LeadflowMetrics;
import io.leadflow.shared.event.EventLog;
import io.leadflow.shared.event.EventLogs;
import io.leadflow.shared.sequence.Enrollment;
import io.leadflow.shared.sequence.SequenceIndex;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.tenant.Tenants;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the sequences index and the event log in line with Temporal without anyone reading them, every
 * {@code leadflow.engine.reconcile-interval}:
 * <ol>
 *   <li>through visibility, every Leadflow run that closed recently other than by completing (terminated, failed,
 *       timed out, cancelled) — one query per pass, whatever the number of open sequences;</li>
 *   <li>and, on every server (the Java test server has no visibility queries), a bounded batch of open entries not
 *       checked for a while, described one by one: this also catches a run whose own closing write was lost.</li>
 * </ol>
 * Every fix is idempotent, so several API instances may run it at once.
 */
@Component
class TemporalReconciler {

    private static final Logger log = LoggerFactory.getLogger(TemporalReconciler.class);
    private static final int BATCH = 100;
    private static final Duration LOOK_BACK_ON_START = Duration.ofHours(24);

    private final WorkflowClient client;
    private final ClientDirectory clients;
    private final Tenants tenants;
    private final Reconciliation reconciliation;
    private final ClosedRuns runs;
    private final Duration staleAfter;
    private final LeadflowMetrics metrics;
    private volatile boolean visibility = true;
    private volatile Instant since;

    TemporalReconciler(WorkflowClient client, ClientDirectory clients, Tenants tenants, Reconciliation reconciliation,
                       ClosedRuns runs, LeadflowProperties properties, LeadflowMetrics metrics) {
        this.staleAfter = properties.engine().reconcileStaleAfter();
        this.metrics = metrics;
        this.client = client;
        this.clients = clients;
        this.tenants = tenants;
        this.reconciliation = reconciliation;
        this.runs = runs;
    }

    @Scheduled(fixedDelayString = "${leadflow.engine.reconcile-interval:10s}",
            initialDelayString = "${leadflow.engine.reconcile-interval:10s}")
    void reconcile() {
        try {
            if (visibility) {
                recentlyClosed();
            }
            staleEntries();
        } catch (RuntimeException e) {
            log.warn("reconciliation pass failed: {}", e.toString());
        }
    }

    /** Runs that closed since the last pass other than by completing, found through one visibility query. */
    void recentlyClosed() {
        Instant now = Instant.now();
        Instant from = since == null ? now.minus(LOOK_BACK_ON_START) : since.minusSeconds(30);
        String query = "WorkflowType IN ('" + String.join("', '", WorkflowTypes.ALL) + "')"
                + " AND ExecutionStatus IN ('Failed', 'Terminated', 'TimedOut', 'Canceled')"
                + " AND CloseTime >= '" + DateTimeFormatter.ISO_INSTANT.format(from) + "'";
        try {
            client.listExecutions(query).limit(10_000).forEach(this::closed);
            since = now;
        } catch (StatusRuntimeException | io.temporal.client.WorkflowServiceException e) {
            if (unsupported(e)) {
                visibility = false;
                log.info("this Temporal server has no visibility queries; reconciling by describing open entries only");
                return;
            }
            throw e;
        }
    }

    private void closed(WorkflowExecutionMetadata run) {
        String workflowId = run.getExecution().getWorkflowId();
        String clientCode = WorkflowIds.clientCodeOf(workflowId);
        if (clientCode == null || clients.client(clientCode).isEmpty()) {
            return;
        }
        TenantScope tenant = tenants.scope(clientCode);
        String status = ClosedRuns.statusOf(run.getStatus());
        if (WorkflowTypes.SEQUENCE.equals(run.getWorkflowType())) {
            Optional<Enrollment> entry = SequenceIndex.find(tenant, workflowId);
            if (entry.isPresent() && entry.get().isOpen() && run.getExecution().getRunId().equals(entry.get().runId())) {
                String reason = runs.reason(workflowId, run.getExecution().getRunId()).orElse(status);
                if (SequenceIndex.closedByTemporal(tenant, workflowId, entry.get().runId(), status, reason)) {
                    metrics.sequenceClosed(clientCode, status);
                    log.info("sequence {} was closed by Temporal ({}): the index follows", workflowId, reason);
                }
            }
        } else if (WorkflowTypes.TRIGGER.equals(run.getWorkflowType())) {
            String eventLogId = workflowId.substring(workflowId.lastIndexOf(':') + 1);
            EventLogs.byId(tenant, eventLogId).ifPresent(event -> reconciliation.event(tenant, event));
        } else if (WorkflowTypes.BROADCAST.equals(run.getWorkflowType())) {
            // A broadcast whose workflow Temporal closed (terminated from the UI, say) sends nothing more: say so.
            String broadcastId = workflowId.substring(workflowId.lastIndexOf(':') + 1);
            String reason = runs.reason(workflowId, run.getExecution().getRunId()).orElse(status);
            Broadcasts.transition(tenant, broadcastId, List.of(Broadcast.SCHEDULED, Broadcast.PREPARING,
                    Broadcast.SENDING, Broadcast.CANCELLING), Broadcast.CANCELLED, new Update()
                    .set("cancelReason", "closed by Temporal: " + reason).set("finishedAt", Instant.now()))
                    .ifPresent(b -> log.info("broadcast {} was closed by Temporal ({}): marked cancelled", broadcastId, reason));
        }
    }

    /** Open entries least recently checked, and events processing for too long, described one by one. */
    void staleEntries() {
        staleEntries(Instant.now().minus(staleAfter));
    }

    /** The same, for entries last checked before {@code before}. */
    void staleEntries(Instant before) {
        for (Client client : clients.clients()) {
            TenantScope tenant = tenants.scope(client.clientCode());
            for (Enrollment entry : SequenceIndex.leastRecentlyVerified(tenant, before, BATCH)) {
                reconciliation.sequence(tenant, entry);
            }
            List<EventLog> processing = tenant.central().find(Query.query(Criteria.where("status")
                    .is(EventLog.PROCESSING).and("updatedAt").lt(before)).limit(BATCH), EventLog.class);
            for (EventLog event : processing) {
                reconciliation.event(tenant, event);
            }
        }
    }

    private static boolean unsupported(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StatusRuntimeException s && (s.getStatus().getCode() == Status.Code.UNIMPLEMENTED
                    || s.getStatus().getCode() == Status.Code.INVALID_ARGUMENT)) {
                return true;
            }
        }
        return false;
    }
}
