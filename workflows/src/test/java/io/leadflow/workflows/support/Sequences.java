package io.leadflow.workflows.support;

import io.leadflow.contracts.rule.Action;
import io.leadflow.contracts.rule.Condition;
import io.leadflow.contracts.rule.Delay;
import io.leadflow.contracts.rule.RuleSnapshot;
import io.leadflow.contracts.rule.SendWindow;
import io.leadflow.contracts.rule.Step;
import io.leadflow.contracts.rule.WaitFor;
import io.leadflow.contracts.rule.WaitUntil;
import io.leadflow.contracts.sequence.SequenceInput;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders so workflow tests read like the rules they run. */
public final class Sequences {

    public static final String TENANT = "acme";
    public static final String LEAD = "lead-1";
    public static final Map<String, Object> ASHA = Map.of("id", LEAD, "firstName", "Asha", "name", "Asha Rao",
            "phone", "+919876543210", "email", "asha@example.com", "score", 10);

    private Sequences() {
    }

    public static RuleSnapshot rule(String id, List<String> exitOn, SendWindow window, Step... steps) {
        return new RuleSnapshot(id, "rule " + id, 1, "appointment_confirmed", List.of(steps), exitOn, "never", window,
                null);
    }

    public static RuleSnapshot rule(String id, Step... steps) {
        return rule(id, List.of(), null, steps);
    }

    public static Step step(String id, Delay delay, Action action) {
        return new Step(id, delay, null, null, null, action);
    }

    public static Step step(String id, Delay delay, Condition condition, Action action) {
        return new Step(id, delay, null, null, condition, action);
    }

    public static Step waitUntil(String id, WaitUntil until, Action action) {
        return new Step(id, null, until, null, null, action);
    }

    public static Step waitFor(String id, List<String> events, Delay timeout) {
        return new Step(id, null, null, new WaitFor(events, timeout), null, new Action(Action.NONE, Map.of()));
    }

    public static Action tag(String tag) {
        return new Action(Action.ADD_TAG, Map.of("tag", tag));
    }

    public static Action move(String stageName) {
        return new Action(Action.MOVE_STAGE, Map.of("stageName", stageName));
    }

    public static Action email(String subject, String body) {
        return new Action(Action.SEND_EMAIL, Map.of("subject", subject, "body", body));
    }

    public static Action whatsappTemplate(String template, String... variables) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("templateName", template);
        params.put("variables", List.of(variables));
        return new Action(Action.SEND_WHATSAPP, params);
    }

    public static Action webhook(String url) {
        return new Action(Action.WEBHOOK, Map.of("url", url));
    }

    public static Delay seconds(long n) {
        return new Delay(n, "seconds");
    }

    public static Delay hours(long n) {
        return new Delay(n, "hours");
    }

    public static Delay days(long n) {
        return new Delay(n, "days");
    }

    public static SequenceInput input(RuleSnapshot rule) {
        return input(rule, "event-1");
    }

    /** The enrollment as the event {@code eventLogId} makes it. */
    public static SequenceInput input(RuleSnapshot rule, String eventLogId) {
        return new SequenceInput(TENANT, LEAD, SequenceInput.ruleKey(rule.id()), rule.name(), rule, null,
                rule.trigger(), Map.of("service", "Dental cleaning"), Map.of(), eventLogId, "UTC", 0, ASHA);
    }

    public static SequenceInput codeInput(String name, Map<String, Object> variables, Map<String, Object> lead) {
        return new SequenceInput(TENANT, LEAD, SequenceInput.codeKey(name), name, null, name, "appointment_confirmed",
                variables, Map.of(), "event-1", "UTC", 0, lead);
    }
}
