package io.leadflow.workflows.sequence;

import io.leadflow.contracts.action.ActionRequest;
import io.leadflow.contracts.rule.Action;
import io.leadflow.contracts.rule.SendWindow;
import io.leadflow.contracts.rule.SendWindows;
import io.leadflow.contracts.sequence.LeadSnapshot;
import io.leadflow.contracts.sequence.SequenceBookkeeping;
import io.leadflow.contracts.sequence.SequenceInput;
import io.leadflow.contracts.sequence.StepRecord;
import io.leadflow.contracts.template.EvaluationContext;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * What every sequence runs on, data rule or Java code: durable waits that operators can skip, pause and resume,
 * exits on lead events, send windows, and actions with a record of each step. This is the API product teams write
 * {@link SequenceDefinition}s against; every method is deterministic (time only from {@link Workflow}).
 *
 * <p>Every wait ends early on skip-wait, an exit event, cancel or restart; after any of the last three,
 * {@link #stopped()} is true and actions do nothing. A failed action is a step outcome, never a failed sequence.
 */
public final class SequenceRuntime {

    private static final Logger log = Workflow.getLogger(SequenceRuntime.class);

    private final SequenceInput input;
    private final SequenceSignals signals;
    private final SequenceBookkeeping bookkeeping;
    private final StepActions actions;
    private final SequenceStatusBoard board;
    private final String workflowId;
    private final String runId;
    private final List<StepRecord> completed = new ArrayList<>();
    private final Map<String, Object> waits = new LinkedHashMap<>();
    private final Map<String, Object> resolved;
    private Map<String, Object> leadFacts;
    private String leadTimezone;
    private boolean leadGone;
    private SendWindow sendWindow;
    private int stepIndex = -1;
    private String stepId;
    private Instant stepDueAt;
    private int actionCount;

    SequenceRuntime(SequenceInput input, SequenceSignals signals, SequenceBookkeeping bookkeeping, StepActions actions,
                    SequenceStatusBoard board) {
        this.input = input;
        this.signals = signals;
        this.bookkeeping = bookkeeping;
        this.actions = actions;
        this.board = board;
        this.workflowId = Workflow.getInfo().getWorkflowId();
        this.runId = Workflow.getInfo().getRunId();
        this.resolved = input.resolved() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(input.resolved());
        this.leadFacts = input.lead() == null ? Map.of() : input.lead();
        Object zone = leadFacts.get("timezone");
        this.leadTimezone = zone == null ? null : zone.toString();
        this.stepDueAt = now();
    }

    // ---- reading --------------------------------------------------------------------------------------------

    /** True once no further step may run: exited on an event, cancelled, restarting, or the lead was deleted. */
    public boolean stopped() {
        return signals.stopped() || leadGone;
    }

    public Instant now() {
        return Instant.ofEpochMilli(Workflow.currentTimeMillis());
    }

    public String clientCode() {
        return input.clientCode();
    }

    public String leadId() {
        return input.leadId();
    }

    public String workflowId() {
        return workflowId;
    }

    /** The enrolling trigger's name. */
    public String trigger() {
        return input.trigger();
    }

    /** The enrolling event's variables ({@code event.*}). */
    public Map<String, Object> variables() {
        return input.variables() == null ? Map.of() : input.variables();
    }

    /** The lead's facts as last read (at enrollment, or at the last {@link #refreshLead()}). */
    public Map<String, Object> lead() {
        return leadFacts;
    }

    /** The evaluation context of conditions: {@code lead}, {@code event}, {@code resolved}, {@code wait}. */
    public Map<String, Object> context() {
        return EvaluationContext.of(leadFacts, input.trigger(), input.variables(), resolved, waits);
    }

    /** The lead's zone, else the tenant's, else UTC. */
    public ZoneId leadZone() {
        ZoneId zone = SendWindows.zoneOrNull(leadTimezone);
        if (zone == null) {
            zone = SendWindows.zoneOrNull(input.tenantTimezone());
        }
        return zone == null ? ZoneId.of("UTC") : zone;
    }

    /** Steps recorded so far, in order. */
    public List<StepRecord> steps() {
        return List.copyOf(completed);
    }

    /**
     * {@code Workflow.getVersion} for changes to a definition's behaviour: sequences already past this point keep
     * the old path on replay, new ones take the new. See docs/VERSIONING.md.
     */
    public int version(String changeId, int maxSupported) {
        return Workflow.getVersion(changeId, Workflow.DEFAULT_VERSION, maxSupported);
    }

    // ---- structure ------------------------------------------------------------------------------------------

    /** Begins the next step (for the operator view and the step records); actions outside a step begin one. */
    public void step(String id) {
        if (stopped() && stepIndex >= 0) {
            return; // nothing runs any more: don't report steps that will never happen
        }
        stepIndex++;
        stepId = id == null ? "step-" + (stepIndex + 1) : id;
        stepDueAt = now();
        board.step(stepId, null);
    }

    /** Lead-facing actions (WhatsApp, e-mail) wait for this window to open; null lifts it. */
    public void sendWindow(SendWindow window) {
        this.sendWindow = window;
    }

    /** Reads the lead as it is now; a deleted lead ends the sequence. */
    public void refreshLead() {
        LeadSnapshot snapshot = bookkeeping.loadLead(input.clientCode(), input.leadId());
        if (!snapshot.exists()) {
            leadGone = true;
            return;
        }
        leadFacts = snapshot.facts() == null ? Map.of() : snapshot.facts();
        leadTimezone = snapshot.timezone();
    }

    // ---- waits ----------------------------------------------------------------------------------------------

    /** A durable timer; skip-wait, an exit event, cancel or restart end it early. */
    public void delay(Duration duration) {
        sleepUntil(now().plus(duration), "wait " + Durations.describe(duration));
    }

    public void waitUntil(Instant at) {
        sleepUntil(at, "wait until " + at);
    }

    /** Waits for the next occurrence of a local time in the lead's zone (else the tenant's, else UTC). */
    public void waitUntilLocalTime(LocalTime time) {
        waitUntil(SendWindows.nextLocalTime(now(), time, leadZone()));
    }

    /**
     * Waits for the first of {@code events} (since the last such wait) or the timeout, whichever comes first. What
     * came is also recorded as {@code wait.<stepId>} for later conditions and templates.
     */
    public WaitResult waitFor(Duration timeout, String... events) {
        List<String> names = Arrays.asList(events);
        Instant deadline = timeout == null ? null : now().plus(timeout);
        board.step(currentStepId(), deadline);
        int[] matched = {-1};
        Sleep sleep = Sleep.until(deadline, "wait for " + String.join(" or ", names), this::now);
        Workflow.await(() -> {
            matched[0] = signals.findEvent(names);
            return matched[0] >= 0 || sleep.isOver() || signals.skipRequested() || stopped();
        });
        sleep.cancel();
        WaitResult result;
        if (matched[0] >= 0) {
            result = WaitResult.event(signals.consume(matched[0]));
        } else if (signals.takeSkip()) {
            result = WaitResult.SKIPPED;
        } else if (stopped()) {
            result = WaitResult.STOPPED;
        } else {
            result = WaitResult.TIMEOUT;
        }
        stepDueAt = now();
        waits.put(currentStepId(), result.value());
        return result;
    }

    // ---- actions --------------------------------------------------------------------------------------------

    public StepRecord sendWhatsAppTemplate(String templateName, String language, List<String> variables) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("templateName", templateName);
        params.put("language", language == null ? "en_US" : language);
        params.put("variables", variables == null ? List.of() : variables);
        return perform(new Action(Action.SEND_WHATSAPP, params));
    }

    /** Free text; Meta accepts it only within 24 hours of the lead's last message. */
    public StepRecord sendWhatsAppText(String text) {
        return perform(new Action(Action.SEND_WHATSAPP, Map.of("text", text)));
    }

    public StepRecord sendEmail(String subject, String body) {
        return perform(new Action(Action.SEND_EMAIL, Map.of("subject", subject, "body", body)));
    }

    /** An HTML e-mail: values rendered into the body are HTML-escaped, the template's own markup is kept. */
    public StepRecord sendHtmlEmail(String subject, String htmlBody) {
        return perform(new Action(Action.SEND_EMAIL, Map.of("subject", subject, "body", htmlBody, "html", true)));
    }

    public StepRecord moveStage(String stageName) {
        return perform(new Action(Action.MOVE_STAGE, Map.of("stageName", stageName)));
    }

    public StepRecord addTag(String tag) {
        return perform(new Action(Action.ADD_TAG, Map.of("tag", tag)));
    }

    public StepRecord removeTag(String tag) {
        return perform(new Action(Action.REMOVE_TAG, Map.of("tag", tag)));
    }

    public StepRecord assignTo(String userId) {
        return perform(new Action(Action.ASSIGN_TO, Map.of("userId", userId)));
    }

    /** A signed webhook; with a null payload the body is the event, the lead and what was resolved. */
    public StepRecord webhook(String url, Map<String, Object> payload) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("url", url);
        if (payload != null) {
            params.put("payload", payload);
        }
        return perform(new Action(Action.WEBHOOK, params));
    }

    /** Books a Meet starting {@code startsIn} from now; its link becomes {@code resolved.meetLink}. */
    public StepRecord createMeet(String summary, Duration startsIn, int durationMinutes) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("summary", summary);
        params.put("startTime", now().plus(startsIn).toString());
        params.put("durationMinutes", durationMinutes);
        return perform(new Action(Action.CREATE_MEET, params));
    }

    /**
     * Runs an action: waits while paused and, for actions that reach the lead, until the send window opens; then
     * runs it through an activity (which renders its templates against the lead as it is now). Returns the step
     * record, whose outcome is {@code done}, {@code skipped} or {@code failed}; a stopped sequence acts on nothing
     * and returns null.
     */
    public StepRecord perform(Action action) {
        if (stepIndex < 0) {
            step(null);
        }
        awaitResumed();
        if (stopped()) {
            return null;
        }
        if (sendWindow != null && StepActions.isLeadFacing(action.type())) {
            ZoneId zone = SendWindows.zoneFor(sendWindow, leadTimezone, input.tenantTimezone());
            Instant opening = SendWindows.nextAllowedIn(sendWindow, zone, now());
            if (opening.isAfter(now())) {
                sleepUntil(opening, "wait for the send window");
                awaitResumed();
                if (stopped()) {
                    return null;
                }
            }
        }
        actionCount++;
        ActionRequest request = new ActionRequest(input.clientCode(), input.leadId(), workflowId, input.eventLogId(),
                stepIndex, currentStepId(), action.type(), action.params() == null ? Map.of() : action.params(),
                input.trigger(), input.variables(), Map.copyOf(resolved), Map.copyOf(waits),
                workflowId + ":" + runId + ":a" + actionCount, input.depth() + 1, stepDueAt.toString());
        StepActions.Result result = actions.run(request, Durations.summary(action));
        if ("failed".equals(result.outcome())) {
            log.warn("step {} ({}) failed: {}", currentStepId(), action.type(), result.result().get("code"));
            if ("LEAD_NOT_FOUND".equals(result.result().get("code"))) {
                leadGone = true;
            }
        }
        Object meetLink = result.result().get("meetLink");
        if (meetLink != null) {
            resolved.put("meetLink", meetLink);
        }
        return record(action.type(), result.outcome(), result.result());
    }

    /** Records a step that did not act, with the reason: {@code condition false when due}, say. */
    public StepRecord recordSkipped(String actionType, String code, String reason) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (code != null) {
            result.put("code", code);
        }
        result.put("reason", reason);
        return record(actionType, StepRecord.SKIPPED, result);
    }

    /** Records a step that failed before it could act (its own settings are unusable, say). */
    public StepRecord recordFailed(String actionType, String code, String message) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("code", code);
        result.put("message", message);
        return record(actionType, StepRecord.FAILED, result);
    }

    /** Records a step that only waited (a {@code waitFor} with no action), with what ended the wait. */
    public StepRecord recordWaited() {
        return record(Action.NONE, StepRecord.WAITED,
                waits.containsKey(currentStepId()) ? Map.of("result", waits.get(currentStepId())) : Map.of());
    }

    // ---- for the workflow -----------------------------------------------------------------------------------

    boolean leadGone() {
        return leadGone;
    }

    int stepIndex() {
        return stepIndex;
    }

    String currentStepId() {
        if (stepIndex < 0) {
            step(null);
        }
        return stepId;
    }

    String runId() {
        return runId;
    }

    // ---- internals ------------------------------------------------------------------------------------------

    private void sleepUntil(Instant at, String summary) {
        if (!at.isAfter(now()) || stopped()) {
            return;
        }
        board.step(currentStepId(), at);
        Sleep sleep = Sleep.until(at, summary, this::now);
        Workflow.await(() -> sleep.isOver() || signals.skipRequested() || stopped());
        sleep.cancel();
        signals.takeSkip();
        stepDueAt = now();
    }

    private void awaitResumed() {
        if (signals.paused()) {
            Workflow.await(() -> !signals.paused() || stopped());
        }
    }

    private StepRecord record(String actionType, String outcome, Map<String, Object> result) {
        StepRecord record = new StepRecord(stepIndex, currentStepId(), actionType, outcome, result, now().toString());
        completed.add(record);
        return record;
    }
}
