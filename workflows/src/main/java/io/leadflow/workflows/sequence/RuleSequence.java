package io.leadflow.workflows.sequence;

import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.rule.Action;
import io.leadflow.contracts.rule.ConditionEvaluator;
import io.leadflow.contracts.rule.RuleSnapshot;
import io.leadflow.contracts.rule.SendWindows;
import io.leadflow.contracts.rule.Step;
import io.leadflow.contracts.rule.WaitUntil;
import java.time.DateTimeException;
import io.leadflow.contracts.template.TemplateRenderer;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The data-rule interpreter: a rule snapshot's steps, in order, as one sequence definition among others. Each step
 * waits (delay, wall-clock time, first event or timeout), re-checks its condition against the lead as it is now, and
 * runs its action. A step whose own settings can't be used when it comes due is recorded as failed, and the sequence
 * goes on.
 */
final class RuleSequence implements SequenceDefinition {

    private final RuleSnapshot rule;

    RuleSequence(RuleSnapshot rule) {
        this.rule = rule;
    }

    @Override
    public String name() {
        return rule.name();
    }

    @Override
    public int version() {
        return rule.version();
    }

    @Override
    public String description() {
        return "rule " + rule.id();
    }

    @Override
    public List<String> steps() {
        List<String> ids = new ArrayList<>();
        List<Step> steps = rule.stepsOrEmpty();
        for (int i = 0; i < steps.size(); i++) {
            ids.add(stepId(steps.get(i), i));
        }
        return ids;
    }

    @Override
    public List<String> exitOn() {
        return rule.exitOnOrEmpty();
    }

    @Override
    public List<String> listensTo() {
        return List.copyOf(rule.listensTo());
    }

    @Override
    public void run(SequenceRuntime sequence) {
        sequence.sendWindow(rule.sendWindow());
        List<Step> steps = rule.stepsOrEmpty();
        for (int i = 0; i < steps.size() && !sequence.stopped(); i++) {
            Step step = steps.get(i);
            sequence.step(stepId(step, i));
            runStep(sequence, step);
        }
    }

    private static void runStep(SequenceRuntime sequence, Step step) {
        Action action = step.action();
        String actionType = action == null ? Action.NONE : action.type();
        if (step.delay() != null) {
            sequence.delay(step.delay().toDuration());
        }
        if (step.waitUntil() != null && !sequence.stopped()) {
            Instant at;
            try {
                at = wakeTime(step.waitUntil(), sequence);
            } catch (DateTimeException | IllegalArgumentException unusable) {
                sequence.recordFailed(actionType, ErrorCode.INVALID_STEP.name(), "waitUntil: " + unusable.getMessage());
                return;
            }
            sequence.waitUntil(at);
        }
        if (step.waitFor() != null && !sequence.stopped()) {
            sequence.waitFor(step.waitFor().timeout() == null ? null : step.waitFor().timeout().toDuration(),
                    step.waitFor().events().toArray(String[]::new));
        }
        if (sequence.stopped()) {
            return;
        }
        if (step.condition() != null) {
            sequence.refreshLead();
            if (sequence.stopped()) {
                return;
            }
            boolean holds;
            try {
                holds = ConditionEvaluator.evaluate(step.condition(), sequence.context());
            } catch (IllegalArgumentException unusable) {
                sequence.recordFailed(actionType, ErrorCode.INVALID_STEP.name(), "condition: " + unusable.getMessage());
                return;
            }
            if (!holds) {
                sequence.recordSkipped(actionType, null, "condition false when due");
                return;
            }
        }
        if (action == null || Action.NONE.equals(action.type())) {
            sequence.recordWaited();
            return;
        }
        sequence.perform(action);
    }

    private static String stepId(Step step, int index) {
        return step.id() != null ? step.id() : "step-" + (index + 1);
    }

    private static Instant wakeTime(WaitUntil waitUntil, SequenceRuntime sequence) {
        if (waitUntil.at() != null) {
            // A template ("{{event.appointmentAt}}") is read when the step comes due, from the enrolling event and
            // the lead as last read; rules saved before templates were allowed hold plain instants, which render as
            // themselves, so their histories replay unchanged.
            String at = waitUntil.at().contains("{{")
                    ? TemplateRenderer.standard().render(waitUntil.at(), sequence.context()).strip()
                    : waitUntil.at();
            return OffsetDateTime.parse(at).toInstant();
        }
        ZoneId zone = SendWindows.zoneOrNull(waitUntil.timezone());
        if (zone == null) {
            zone = sequence.leadZone();
        }
        return SendWindows.nextLocalTime(sequence.now(), LocalTime.parse(waitUntil.time()), zone);
    }
}
