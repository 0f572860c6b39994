package io.leadflow.workflows.sequence;

import io.leadflow.activities.sequence.LeadSnapshot;
import io.leadflow.activities.sequence.SequenceActivities;
import io.leadflow.activities.sequence.SequenceStatusChange;
import io.leadflow.shared.error.ErrorCode;
import io.leadflow.shared.rule.Action;
import io.leadflow.shared.rule.SendWindow;
import io.leadflow.shared.rule.SendWindows;
import io.leadflow.shared.sequence.Enrollment;
import io.leadflow.shared.sequence.LeadEvent;
import io.leadflow.shared.sequence.SequenceInput;
import io.leadflow.shared.sequence.SequenceStatus;
import io.leadflow.shared.sequence.StepRecord;
import io.leadflow.shared.template.EvaluationContext;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * What every sequence runs on, data rule or Java code: durable waits that operators can skip, pause and resume,
 * exit on lead events (buffered, so an event that lands mid-activity or before a wait is never lost), send
 * windows, and actions through activities with a record of each step. Deterministic: time only from
 * {@link Workflow}, state changed only by workflow code and signal handlers.
 */
public final class SequenceRuntime {

    private static final Logger log = Workflow.getLogger(SequenceRuntime.class);
    /** Actions that reach the lead and therefore respect send windows. */
    private static final Set<String> LEAD_FACING = Set.of(Action.SEND_WHATSAPP, Action.SEND_EMAIL);

    private final SequenceInput input;
    private final SequenceActivities crm;
    private final ActionRunner actions;
    private final String workflowId;
    private final List<String> exitOn;
    private final List<LeadEvent> events = new ArrayList<>();
    private final List<StepRecord> completed = new ArrayList<>();
    private final Map<String, Object> waits = new LinkedHashMap<>();
    private Map<String, Object> resolved;
    private Map<String, Object> leadFacts = Map.of();
    private String leadTimezone;
    private boolean leadGone;

    private int totalSteps;
    private int stepIndex = -1;
    private String stepId;
    private String phase = "starting";
    private Instant nextWakeAt;
    private boolean paused;
    private boolean skipRequested;
    private int consumedEvents;
    private String exitReason;
    private String cancelReason;
    private boolean finished;

    SequenceRuntime(SequenceInput input, SequenceActivities crm, ActionRunner actions) {
        this.input = input;
        this.crm = crm;
        this.actions = actions;
        this.workflowId = Workflow.getInfo().getWorkflowId();
        this.exitOn = input.rule() != null && input.rule().exitOn() != null ? input.rule().exitOn() : List.of();
        this.resolved = input.resolved() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(input.resolved());
    }

    // ---- for definitions -------------------------------------------------------------------------------------

    /** True once the sequence must not run further steps: exited on an event, cancelled, or the lead is gone. */
    public boolean stopped() {
        return exitReason != null || cancelReason != null || leadGone;
    }

    public Instant now() {
        return Instant.ofEpochMilli(Workflow.currentTimeMillis());
    }

    /** The evaluation context: {@code lead}, {@code event}, {@code resolved}, {@code wait}. */
    public Map<String, Object> context() {
        return EvaluationContext.of(leadFacts, input.trigger(), input.variables(), resolved, waits);
    }

    public String clientCode() {
        return input.clientCode();
    }

    public String leadId() {
        return input.leadId();
    }

    /** The lead's zone, else the tenant's, else UTC. */
    public ZoneId leadZone() {
        ZoneId zone = SendWindows.zoneOrNull(leadTimezone);
        if (zone == null) {
            zone = SendWindows.zoneOrNull(input.tenantTimezone());
        }
        return zone == null ? ZoneId.of("UTC") : zone;
    }

    /** Marks the start of a step, for the operator view. */
    public void beginStep(int index, String id) {
        stepIndex = index;
        stepId = id;
        phase = "starting";
        recordStatus(null);
    }

    /** Reads the lead as it is now (conditions are checked against this, not the enrollment-time lead). */
    public void refreshLead() {
        LeadSnapshot snapshot = crm.loadLead(input.clientCode(), input.leadId());
        if (!snapshot.exists()) {
            leadGone = true;
            return;
        }
        leadFacts = snapshot.facts() == null ? Map.of() : snapshot.facts();
        leadTimezone = snapshot.timezone();
    }

    /** A durable timer; an operator's skip-wait, an exit event or a cancel end it early. */
    public void delay(Duration duration) {
        sleepUntil(now().plus(duration), "delay");
    }

    public void waitUntil(Instant at) {
        sleepUntil(at, "waitUntil");
    }

    /**
     * Waits for the first of {@code names} (since the last such wait) or the timeout; records and returns what came:
     * the event name or {@code timeout} (also {@code skipped} after an operator's skip-wait).
     */
    public String waitForEvent(String waitId, List<String> names, Duration timeout) {
        phase = "waitFor";
        nextWakeAt = timeout == null ? null : now().plus(timeout);
        recordStatus(null);
        int[] matched = {-1};
        java.util.function.Supplier<Boolean> done = () -> {
            for (int i = consumedEvents; i < events.size(); i++) {
                LeadEvent event = events.get(i);
                if (names.stream().anyMatch(event::matches)) {
                    matched[0] = i;
                    return true;
                }
            }
            return skipRequested || stopped();
        };
        if (timeout == null) {
            Workflow.await(done::get);
        } else {
            Workflow.await(timeout, done::get);
        }
        String result;
        if (matched[0] >= 0) {
            LeadEvent event = events.get(matched[0]);
            consumedEvents = matched[0] + 1;
            result = event.qualifier() == null ? event.name() : event.name() + ":" + event.qualifier();
        } else if (skipRequested) {
            result = "skipped";
        } else {
            result = "timeout";
        }
        skipRequested = false;
        nextWakeAt = null;
        waits.put(waitId, result);
        return result;
    }

    /**
     * Runs an action: waits while paused and, for actions that reach the lead, until the send window opens; then
     * renders its parameters against the current context and runs it through activities. A failure is recorded on
     * the step and the sequence goes on.
     */
    public void perform(Action action, SendWindow window) {
        awaitResumed();
        if (stopped()) {
            return;
        }
        if (window != null && LEAD_FACING.contains(action.type())) {
            if (leadFacts.isEmpty()) {
                refreshLead();
            }
            ZoneId zone = SendWindows.zoneFor(window, leadTimezone, input.tenantTimezone());
            Instant opening = SendWindows.nextAllowedIn(window, zone, now());
            if (opening.isAfter(now())) {
                sleepUntil(opening, "sendWindow");
                awaitResumed();
                if (stopped()) {
                    return;
                }
            }
        }
        if (leadFacts.isEmpty()) {
            refreshLead();
            if (stopped()) {
                return;
            }
        }
        phase = "acting";
        try {
            Map<String, Object> result = actions.run(this, action);
            if (result.get("meetLink") != null) {
                resolved.put("meetLink", result.get("meetLink"));
            }
            record(action.type(), "done", result);
        } catch (ActivityFailure failure) {
            String code = failure.getCause() instanceof ApplicationFailure app && app.getType() != null
                    ? app.getType() : "ACTIVITY_FAILED";
            log.warn("step {} ({}) failed: {}", stepId, action.type(), code);
            // A suspended tenant sends nothing: the step is skipped (not failed) and the sequence keeps going.
            String outcome = ErrorCode.TENANT_SUSPENDED.name().equals(code) ? "skipped" : "failed";
            record(action.type(), outcome, Map.of("code", code));
        }
    }

    public void recordSkipped(String actionType, String why) {
        record(actionType, "skipped", Map.of("reason", why));
    }

    public void recordWaited() {
        record(Action.NONE, "waited", waits.containsKey(stepId) ? Map.of("result", waits.get(stepId)) : Map.of());
    }

    /** Names one attempt to act in this run and step; providers see the same key on every retry. */
    String idempotencyKey() {
        return workflowId + ":" + Workflow.getInfo().getRunId() + ":" + stepIndex;
    }

    /** The event that enrolled the lead, under which webhook attempts are logged. */
    String eventLogId() {
        return input.eventLogId();
    }

    /** The sequence's depth for internal triggers its actions fire. */
    int depth() {
        return input.depth();
    }

    String workflowId() {
        return workflowId;
    }

    // ---- for the workflow --------------------------------------------------------------------------------------

    void setTotalSteps(int totalSteps) {
        this.totalSteps = totalSteps;
    }

    void onLeadEvent(LeadEvent event) {
        events.add(event);
        if (exitReason == null && exitOn.stream().anyMatch(event::matches)) {
            exitReason = event.qualifier() == null ? event.name() : event.name() + ":" + event.qualifier();
        }
    }

    void onPause() {
        if (!finished && !paused) {
            paused = true;
        }
    }

    void onResume() {
        paused = false;
    }

    void onSkipWait() {
        skipRequested = true;
    }

    void onCancel(String reason) {
        if (cancelReason == null) {
            cancelReason = reason == null || reason.isBlank() ? "cancelled by operator" : reason;
        }
    }

    /** Closes the sequence: its final status in the index, and as the workflow's result. */
    SequenceStatus finish() {
        finished = true;
        phase = "done";
        nextWakeAt = null;
        recordStatus(finalStatus());
        return status();
    }

    /** Publishes pause/resume to the index when they happen (called from the workflow's main loop). */
    void publishPauseChange(boolean nowPaused) {
        recordStatus(nowPaused ? Enrollment.PAUSED : Enrollment.RUNNING);
    }

    boolean paused() {
        return paused;
    }

    SequenceStatus status() {
        String status = finished ? finalStatus() : paused ? Enrollment.PAUSED : Enrollment.RUNNING;
        return new SequenceStatus(workflowId, input.clientCode(), input.leadId(), input.sequenceKey(), input.name(),
                status, stepIndex, stepId, paused && !finished ? "paused" : phase,
                nextWakeAt == null ? null : nextWakeAt.toString(), totalSteps, List.copyOf(completed),
                exitReason != null ? exitReason : cancelReason);
    }

    // ---- internals --------------------------------------------------------------------------------------------

    private String finalStatus() {
        if (cancelReason != null) {
            return Enrollment.CANCELLED;
        }
        if (exitReason != null || leadGone) {
            return Enrollment.EXITED;
        }
        return Enrollment.COMPLETED;
    }

    private void sleepUntil(Instant at, String kind) {
        Duration remaining = Duration.between(now(), at);
        if (remaining.isNegative() || remaining.isZero() || stopped()) {
            return;
        }
        phase = kind;
        nextWakeAt = at;
        recordStatus(null);
        Workflow.await(remaining, () -> skipRequested || stopped());
        skipRequested = false;
        nextWakeAt = null;
    }

    private void awaitResumed() {
        if (paused) {
            phase = "paused";
            Workflow.await(() -> !paused || stopped());
        }
    }

    private void record(String actionType, String outcome, Map<String, Object> result) {
        completed.add(new StepRecord(stepIndex, stepId, actionType, outcome, result, now().toString()));
        phase = "stepDone";
    }

    private void recordStatus(String status) {
        crm.recordStatus(new SequenceStatusChange(input.clientCode(), workflowId, status,
                stepIndex < 0 ? null : stepIndex, stepId, nextWakeAt == null ? null : nextWakeAt.toString(),
                finished ? (exitReason != null ? exitReason : cancelReason) : null));
    }
}
