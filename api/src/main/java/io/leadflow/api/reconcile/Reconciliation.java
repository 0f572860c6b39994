package io.leadflow.api.reconcile;

import io.leadflow.contracts.sequence.SequenceStatus;
import io.leadflow.contracts.sequence.StepRecord;
import io.leadflow.shared.engine.TriggerDispatcher;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.event.EventLog;
import io.leadflow.shared.event.EventLogs;
import io.leadflow.shared.metrics.LeadflowMetrics;
import io.leadflow.shared.sequence.Enrollment;
import io.leadflow.shared.sequence.SequenceIndex;
import io.leadflow.shared.tenant.TenantScope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Brings one sequences-index entry or one event-log entry in line with Temporal, for runs that Temporal closed
 * without the run recording it. Used on every read of an open entry (so the API never reports a closed run as
 * running) and by the background {@link TemporalReconciler} (so the index follows without reads).
 */
@Component
public class Reconciliation {

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);
    /** How long a {@code processing} event may have no workflow before it is dispatched again (the API died between). */
    static final Duration UNSTARTED_GRACE = Duration.ofMinutes(1);

    private final ClosedRuns runs;
    private final TriggerDispatcher dispatcher;
    private final LeadflowMetrics metrics;

    Reconciliation(ClosedRuns runs, TriggerDispatcher dispatcher, LeadflowMetrics metrics) {
        this.runs = runs;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
    }

    /**
     * The entry as it should be seen now, with the run's live state when it runs.
     *
     * @return the live run state (null when Temporal could not be asked) and the entry, updated if Temporal closed it
     */
    public Checked sequence(TenantScope tenant, Enrollment entry) {
        if (!entry.isOpen()) {
            return new Checked(entry, null);
        }
        ClosedRuns.RunState run;
        try {
            run = runs.describe(entry.id());
        } catch (RuntimeException unavailable) {
            log.debug("could not describe {}: {}", entry.id(), unavailable.toString());
            return new Checked(entry, null);
        }
        if (run.open()) {
            SequenceIndex.verified(tenant, entry.id());
            return new Checked(entry, run);
        }
        String status;
        String reason;
        List<StepRecord> steps = null;
        if (!run.exists()) {
            status = SequenceStatus.FAILED;
            reason = "the workflow no longer exists in Temporal";
        } else if (entry.runId() != null && run.runId() != null && !entry.runId().equals(run.runId())) {
            return new Checked(entry, run); // a newer run (restart) will write its own entry
        } else if (SequenceStatus.COMPLETED.equals(run.status())) {
            // The run ended through its own code, but its own close did not reach the index (the store was down, or
            // a write was lost): what it returned says how it ended (exited, cancelled, completed) and what it did.
            Optional<SequenceStatus> result = runs.result(entry.id(), run.runId());
            status = result.map(SequenceStatus::status).orElse(SequenceStatus.COMPLETED);
            reason = result.map(SequenceStatus::exitReason).orElse(null);
            steps = result.map(SequenceStatus::completedSteps).orElse(null);
        } else {
            status = run.status();
            reason = runs.reason(entry.id(), run.runId()).orElse(status);
        }
        if (SequenceIndex.closedByTemporal(tenant, entry.id(), entry.runId(), status, reason, steps)) {
            metrics.sequenceClosed(tenant.clientCode(), status);
            log.info("sequence {} was closed by Temporal ({}): the index follows", entry.id(), reason);
        }
        return new Checked(SequenceIndex.find(tenant, entry.id()).orElse(entry), run);
    }

    /**
     * An event the API was enrolling from its own path when it stopped (the process died): after a grace, it is
     * dispatched again; every step of that path is idempotent.
     */
    private EventLog unfinishedDirectDispatch(TenantScope tenant, EventLog event) {
        if (event.updatedAt() == null || event.updatedAt().isAfter(Instant.now().minus(UNSTARTED_GRACE))) {
            return event;
        }
        EventLog back = EventLogs.transitionFrom(tenant, event.id(), List.of(EventLog.PROCESSING), EventLog.RECEIVED,
                "its dispatch did not finish; dispatching again", null).orElse(event);
        try {
            dispatcher.redispatch(tenant, back);
        } catch (LeadflowException unavailable) {
            log.debug("event {} stays received: {}", event.id(), unavailable.getMessage());
        }
        return EventLogs.byId(tenant, event.id()).orElse(back);
    }

    /** An index entry after the check, and the run's live state (null when unknown). */
    public record Checked(Enrollment entry, ClosedRuns.RunState run) {
    }

    /** An event still {@code processing}: completed, failed or dispatched again according to its workflow. */
    public EventLog event(TenantScope tenant, EventLog event) {
        if (!EventLog.PROCESSING.equals(event.status())) {
            return event;
        }
        if (event.workflowId() == null) {
            return unfinishedDirectDispatch(tenant, event);
        }
        ClosedRuns.RunState run;
        try {
            run = runs.describe(event.workflowId());
        } catch (RuntimeException unavailable) {
            return event;
        }
        if (run.open()) {
            return event;
        }
        if (!run.exists()) {
            if (event.updatedAt() != null && event.updatedAt().isAfter(Instant.now().minus(UNSTARTED_GRACE))) {
                return event; // the API may be starting it right now
            }
            EventLog back = EventLogs.transitionFrom(tenant, event.id(), List.of(EventLog.PROCESSING), EventLog.RECEIVED,
                    "its workflow was never started; dispatching again", null).orElse(event);
            try {
                dispatcher.redispatch(tenant, back);
            } catch (LeadflowException unavailable) {
                log.debug("event {} stays received: {}", event.id(), unavailable.getMessage());
            }
            return EventLogs.byId(tenant, event.id()).orElse(back);
        }
        if (SequenceStatus.COMPLETED.equals(run.status())) {
            return EventLogs.transitionFrom(tenant, event.id(), List.of(EventLog.PROCESSING), EventLog.COMPLETED,
                    "completed (its workflow finished while the event log was unreachable)", null).orElse(event);
        }
        String reason = runs.reason(event.workflowId(), run.runId()).orElse(run.status());
        log.info("event {} was closed by Temporal ({}): the event log follows", event.id(), reason);
        return EventLogs.transitionFrom(tenant, event.id(), List.of(EventLog.PROCESSING), EventLog.FAILED, reason,
                new Update().set("error", new EventLog.EventError("WORKFLOW_" + run.status().toUpperCase(java.util.Locale.ROOT),
                        reason))).orElse(event);
    }
}
