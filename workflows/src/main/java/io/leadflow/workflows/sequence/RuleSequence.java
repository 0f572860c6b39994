package io.leadflow.workflows.sequence;

import io.leadflow.shared.rule.Action;
import io.leadflow.shared.rule.AutomationRule;
import io.leadflow.shared.rule.ConditionEvaluator;
import io.leadflow.shared.rule.SendWindows;
import io.leadflow.shared.rule.Step;
import io.leadflow.shared.rule.WaitUntil;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * The data-rule interpreter: a rule snapshot's steps, in order, as one sequence definition among others. Each
 * step waits (delay, wall-clock time, first event or timeout), re-checks its condition against the lead as it is
 * now, and runs its action.
 */
final class RuleSequence implements SequenceDefinition {

    private final AutomationRule rule;

    RuleSequence(AutomationRule rule) {
        this.rule = rule;
    }

    @Override
    public int totalSteps() {
        return rule.steps() == null ? 0 : rule.steps().size();
    }

    @Override
    public void run(SequenceRuntime runtime) {
        List<Step> steps = rule.steps() == null ? List.of() : rule.steps();
        for (int i = 0; i < steps.size() && !runtime.stopped(); i++) {
            Step step = steps.get(i);
            String id = step.id() != null ? step.id() : "step-" + (i + 1);
            runtime.beginStep(i, id);
            if (step.delay() != null) {
                runtime.delay(step.delay().toDuration());
            }
            if (step.waitUntil() != null && !runtime.stopped()) {
                runtime.waitUntil(wakeTime(step.waitUntil(), runtime));
            }
            if (step.waitFor() != null && !runtime.stopped()) {
                runtime.waitForEvent(id, step.waitFor().events(),
                        step.waitFor().timeout() == null ? null : step.waitFor().timeout().toDuration());
            }
            if (runtime.stopped()) {
                break;
            }
            Action action = step.action();
            if (step.condition() != null) {
                runtime.refreshLead();
                if (runtime.stopped()) {
                    break;
                }
                if (!ConditionEvaluator.evaluate(step.condition(), runtime.context())) {
                    runtime.recordSkipped(action == null ? Action.NONE : action.type(), "condition false when due");
                    continue;
                }
            }
            if (action == null || Action.NONE.equals(action.type())) {
                runtime.recordWaited();
                continue;
            }
            runtime.perform(action, rule.sendWindow());
        }
    }

    private static Instant wakeTime(WaitUntil waitUntil, SequenceRuntime runtime) {
        if (waitUntil.at() != null) {
            return java.time.OffsetDateTime.parse(waitUntil.at()).toInstant();
        }
        ZoneId zone = SendWindows.zoneOrNull(waitUntil.timezone());
        if (zone == null) {
            zone = runtime.leadZone();
        }
        return SendWindows.nextLocalTime(runtime.now(), LocalTime.parse(waitUntil.time()), zone);
    }
}
