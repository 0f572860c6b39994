package io.leadflow.workflows.sequence;

import io.leadflow.shared.rule.Action;
import io.leadflow.shared.rule.AutomationRule;
import io.leadflow.shared.rule.Condition;
import io.leadflow.shared.rule.Delay;
import io.leadflow.shared.rule.SendWindow;
import io.leadflow.shared.rule.Step;
import io.leadflow.shared.rule.WaitFor;
import io.leadflow.shared.sequence.SequenceInput;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small builders so sequence tests read like the rules they run. */
final class Rules {

    static final String TENANT = "acme";
    static final String LEAD = "lead-1";

    private Rules() {
    }

    static AutomationRule rule(String id, List<String> exitOn, SendWindow window, Step... steps) {
        return new AutomationRule(id, TENANT, "rule " + id, null, "appointment_confirmed", true, null, List.of(steps),
                exitOn, AutomationRule.NEVER, window, 1, Instant.EPOCH, Instant.EPOCH);
    }

    static AutomationRule rule(String id, Step... steps) {
        return rule(id, List.of(), null, steps);
    }

    static Step step(String id, Delay delay, Action action) {
        return new Step(id, delay, null, null, null, action);
    }

    static Step step(String id, Delay delay, Condition condition, Action action) {
        return new Step(id, delay, null, null, condition, action);
    }

    static Step waitFor(String id, List<String> events, Delay timeout) {
        return new Step(id, null, null, new WaitFor(events, timeout), null, new Action(Action.NONE, Map.of()));
    }

    static Action tag(String tag) {
        return new Action(Action.ADD_TAG, Map.of("tag", tag));
    }

    static Action move(String stageName) {
        return new Action(Action.MOVE_STAGE, Map.of("stageName", stageName));
    }

    static Delay seconds(long n) {
        return new Delay(n, "seconds");
    }

    static Delay hours(long n) {
        return new Delay(n, "hours");
    }

    static Delay days(long n) {
        return new Delay(n, "days");
    }

    static SequenceInput input(AutomationRule rule) {
        return new SequenceInput(TENANT, LEAD, SequenceInput.ruleKey(rule.id()), rule.name(), rule, null,
                rule.trigger(), Map.of("service", "Dental cleaning"), Map.of(), "event-1", "UTC", 0);
    }
}
