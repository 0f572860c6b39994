package io.leadflow.shared.rule;

import io.leadflow.contracts.rule.Action;
import io.leadflow.contracts.rule.Condition;
import io.leadflow.contracts.rule.ConditionEvaluator;
import io.leadflow.contracts.rule.Delay;
import io.leadflow.contracts.rule.SendWindow;
import io.leadflow.contracts.rule.SendWindows;
import io.leadflow.contracts.rule.Step;
import io.leadflow.contracts.rule.WaitFor;
import io.leadflow.contracts.rule.WaitUntil;
import io.leadflow.contracts.template.TemplateRenderer;
import io.leadflow.shared.error.FieldValidationException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DayOfWeek;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a rule as sent to the API (a JSON tree of maps and lists) and turns it into an
 * {@link AutomationRule}; {@link #toBody} turns a rule back into that shape. Every problem is a
 * {@link FieldValidationException} naming the field path, like
 * {@code steps[2].action.type: unknown action 'send_sms'}. Unknown fields are refused, so typos surface at
 * once; the server-managed fields ({@code id}, {@code clientCode}, {@code version}, {@code createdAt},
 * {@code updatedAt}) are ignored, so a rule read from the API can be sent back as is.
 *
 * <p>Defaults filled in: {@code isActive} true, {@code reEnrollment} never, step ids {@code step-<n>}
 * (1-based), {@code send_whatsapp.language} en_US, {@code send_whatsapp.variables} [],
 * {@code send_email.html} false, {@code create_meet.durationMinutes} 30. Pure: no I/O, no clock.
 */
public final class RuleParser {

    public static final int MAX_STEPS = 50;
    public static final int MAX_CONDITION_DEPTH = 10;
    public static final int MAX_LIST = 50;
    public static final long MAX_DELAY_DAYS = 365;

    /*
     * Length caps of templated fields, in characters (docs/RULES.md, "Limits"). Rendering is linear in the
     * template's length, and these keep every rendered message, workflow input and history event small.
     */
    /** {@code send_whatsapp.text}: Meta's own limit for a text message body. */
    public static final int MAX_WHATSAPP_TEXT = 4096;
    /** Each of {@code send_whatsapp.variables}: a template parameter. */
    public static final int MAX_WHATSAPP_VARIABLE = 1024;
    /** {@code send_email.subject}: the RFC 5322 line limit. */
    public static final int MAX_EMAIL_SUBJECT = 998;
    /** {@code send_email.body}, text or HTML. */
    public static final int MAX_EMAIL_BODY = 50_000;
    /** Each string inside a {@code webhook.payload}. */
    public static final int MAX_PAYLOAD_STRING = 4096;
    /** A whole {@code webhook.payload}, measured as compact JSON. */
    public static final int MAX_PAYLOAD_JSON = 16_384;
    /** Keys of one object inside a {@code webhook.payload}. */
    public static final int MAX_PAYLOAD_KEYS = 100;

    public static final Pattern TRIGGER = Pattern.compile("[a-z0-9_.:-]{1,64}");
    /** An event name with an optional qualifier: {@code lead_replied}, {@code tag_added:customer}. */
    public static final Pattern EVENT = Pattern.compile("[a-z0-9_.-]+(:[^\\s]{1,64})?");
    public static final Pattern FACT = Pattern.compile("(lead|event|wait|resolved)(\\.[A-Za-z0-9_-]+)+");
    public static final Pattern STEP_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    public static final List<String> UNITS = List.of("seconds", "minutes", "hours", "days");
    public static final List<String> RE_ENROLLMENT = List.of(AutomationRule.NEVER, AutomationRule.AFTER_COMPLETION,
            AutomationRule.ALWAYS);
    public static final List<String> ACTIONS = List.of(Action.SEND_WHATSAPP, Action.SEND_EMAIL, Action.MOVE_STAGE,
            Action.ASSIGN_TO, Action.ADD_TAG, Action.REMOVE_TAG, Action.WEBHOOK, Action.CREATE_MEET, Action.NONE);

    private static final Set<String> READ_ONLY = Set.of("id", "_id", "clientCode", "version", "createdAt", "updatedAt");
    private static final Set<String> RULE_FIELDS = Set.of("name", "description", "trigger", "isActive", "condition",
            "steps", "exitOn", "reEnrollment", "sendWindow", "sequence", "params");
    /** A rule's target when it runs a sequence written in Java: {@code code:<name>}. */
    public static final Pattern CODE_SEQUENCE = Pattern.compile("code:[a-z0-9][a-z0-9_-]{0,63}");
    private static final AutomationRule BLANK = new AutomationRule(null, null, null, null, null, true, null, null,
            List.of(), AutomationRule.NEVER, null, null, 0, null, null, null);

    private RuleParser() {
    }

    /** A new rule (or a full replacement) from a request body; id, tenant, version and times are left empty. */
    public static AutomationRule parse(Map<String, ?> body) {
        if (body == null) {
            throw new FieldValidationException("body", "a rule object is required");
        }
        return merge(BLANK, body);
    }

    /**
     * The rule with the fields present in {@code patch} replaced (a PATCH): {@code null} clears optional
     * fields and is refused for required ones. The result is validated as a whole.
     */
    public static AutomationRule merge(AutomationRule base, Map<String, ?> patch) {
        if (patch == null) {
            throw new FieldValidationException("body", "a rule object is required");
        }
        for (String key : patch.keySet()) {
            if (!RULE_FIELDS.contains(key) && !READ_ONLY.contains(key)) {
                throw new FieldValidationException(key, "unknown field");
            }
        }
        String name = patch.containsKey("name") ? RuleFields.string(patch.get("name"), "name", 200, false) : base.name();
        String description = patch.containsKey("description")
                ? RuleFields.string(patch.get("description"), "description", 2000, true) : base.description();
        String trigger = patch.containsKey("trigger") ? trigger(patch.get("trigger")) : base.trigger();
        boolean active = patch.containsKey("isActive") ? RuleFields.bool(patch.get("isActive"), "isActive") : base.isActive();
        Condition condition = patch.containsKey("condition")
                ? (patch.get("condition") == null ? null : ConditionParser.condition(patch.get("condition"), "condition", 1))
                : base.condition();
        boolean codeTarget = patch.get("sequence") != null
                || (!patch.containsKey("sequence") && base.sequence() != null);
        List<Step> steps = !patch.containsKey("steps") ? base.steps()
                : codeTarget && patch.get("steps") instanceof List<?> given && given.isEmpty() ? List.of()
                : steps(patch.get("steps"));
        List<String> exitOn = patch.containsKey("exitOn") ? exitOn(patch.get("exitOn")) : base.exitOn();
        String reEnrollment = patch.containsKey("reEnrollment") ? reEnrollment(patch.get("reEnrollment"))
                : base.reEnrollment();
        SendWindow window = patch.containsKey("sendWindow")
                ? (patch.get("sendWindow") == null ? null : sendWindow(patch.get("sendWindow"), "sendWindow"))
                : base.sendWindow();
        if (name == null) {
            throw new FieldValidationException("name", "is required");
        }
        if (trigger == null) {
            throw new FieldValidationException("trigger", "is required");
        }
        String sequence = patch.containsKey("sequence") ? codeSequence(patch.get("sequence")) : base.sequence();
        if (sequence != null && patch.containsKey("sequence") && !patch.containsKey("steps")) {
            steps = List.of();
        }
        if (sequence != null && steps != null && !steps.isEmpty()) {
            throw new FieldValidationException("steps", "must be empty when the rule runs a code sequence ('sequence')");
        }
        if (sequence == null && (steps == null || steps.isEmpty())) {
            throw new FieldValidationException("steps", steps == null ? "is required" : "must have at least 1 step");
        }
        Map<String, Object> params = TriggerParams.check(trigger,
                patch.containsKey("params") ? TriggerParams.parse(patch.get("params")) : base.params());
        return new AutomationRule(base.id(), base.clientCode(), name, description, trigger, active, condition,
                steps == null ? List.of() : steps, exitOn == null ? List.of() : exitOn,
                reEnrollment == null ? AutomationRule.NEVER : reEnrollment, window, sequence, base.version(),
                base.createdAt(), base.updatedAt(), params);
    }

    private static String codeSequence(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text) || !CODE_SEQUENCE.matcher(text).matches()) {
            throw new FieldValidationException("sequence", "must be code:<name>, naming a registered code sequence");
        }
        return text;
    }

    /** Validates a condition tree on its own (the events API and the lead's code sequences use it). */
    public static Condition parseCondition(Object node, String path) {
        return node == null ? null : ConditionParser.condition(node, path, 1);
    }

    // ---------------------------------------------------------------- rule fields

    private static String trigger(Object node) {
        String trigger = RuleFields.string(node, "trigger", 64, false);
        if (trigger == null) {
            return null;
        }
        if (!TRIGGER.matcher(trigger).matches()) {
            throw new FieldValidationException("trigger",
                    "must be 1-64 characters of a-z, 0-9, '_', '.', ':' or '-' (like lead_created)");
        }
        return trigger;
    }

    private static List<Step> steps(Object node) {
        List<?> items = RuleFields.list(node, "steps");
        if (items == null) {
            return null;
        }
        if (items.isEmpty()) {
            throw new FieldValidationException("steps", "must contain at least one step");
        }
        if (items.size() > MAX_STEPS) {
            throw new FieldValidationException("steps", "at most " + MAX_STEPS + " steps are allowed");
        }
        List<Step> steps = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Step step = step(items.get(i), "steps[" + i + "]", i);
            if (!ids.add(step.id())) {
                throw new FieldValidationException("steps[" + i + "].id",
                        "duplicate step id '" + step.id() + "' (ids default to step-<n>)");
            }
            steps.add(step);
        }
        return List.copyOf(steps);
    }

    private static List<String> exitOn(Object node) {
        List<?> items = RuleFields.list(node, "exitOn");
        if (items == null) {
            return List.of();
        }
        return RuleFields.events(items, "exitOn");
    }

    private static String reEnrollment(Object node) {
        String value = RuleFields.string(node, "reEnrollment", 32, true);
        if (value == null) {
            return AutomationRule.NEVER;
        }
        if (!RE_ENROLLMENT.contains(value)) {
            throw new FieldValidationException("reEnrollment", "must be one of " + RE_ENROLLMENT);
        }
        return value;
    }

    private static SendWindow sendWindow(Object node, String path) {
        Map<String, ?> map = RuleFields.object(node, path);
        RuleFields.allowOnly(map, path, "days", "start", "end", "timezone");
        List<String> days = null;
        if (map.get("days") != null) {
            List<?> names = RuleFields.list(map.get("days"), path + ".days");
            if (names.isEmpty()) {
                throw new FieldValidationException(path + ".days", "must name at least one day (MON..SUN)");
            }
            Set<DayOfWeek> set = EnumSet.noneOf(DayOfWeek.class);
            for (int i = 0; i < names.size(); i++) {
                DayOfWeek day = names.get(i) instanceof String s ? SendWindows.parseDay(s) : null;
                if (day == null) {
                    throw new FieldValidationException(path + ".days[" + i + "]", "must be a day MON..SUN");
                }
                set.add(day);
            }
            days = set.stream().map(SendWindows::dayName).toList();
        }
        String start = RuleFields.time(map.get("start"), path + ".start", true);
        String end = RuleFields.time(map.get("end"), path + ".end", true);
        if (start.equals(end)) {
            throw new FieldValidationException(path + ".end", "must differ from start (an end before start runs overnight)");
        }
        String timezone = RuleFields.zone(map.get("timezone"), path + ".timezone");
        return new SendWindow(days == null ? List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN") : days,
                start, end, timezone);
    }

    // ---------------------------------------------------------------- steps

    private static Step step(Object node, String path, int index) {
        Map<String, ?> map = RuleFields.object(node, path);
        RuleFields.allowOnly(map, path, "id", "delay", "waitUntil", "waitFor", "condition", "action");
        String id = RuleFields.string(map.get("id"), path + ".id", 64, true);
        if (id == null) {
            id = "step-" + (index + 1);
        } else if (!STEP_ID.matcher(id).matches()) {
            throw new FieldValidationException(path + ".id", "must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'");
        }
        Delay delay = map.get("delay") == null ? null : RuleFields.delay(map.get("delay"), path + ".delay", false);
        WaitUntil waitUntil = map.get("waitUntil") == null ? null : waitUntil(map.get("waitUntil"), path + ".waitUntil");
        WaitFor waitFor = map.get("waitFor") == null ? null : waitFor(map.get("waitFor"), path + ".waitFor");
        Condition condition = map.get("condition") == null ? null : ConditionParser.condition(map.get("condition"), path + ".condition", 1);
        if (map.get("action") == null) {
            throw new FieldValidationException(path + ".action", "is required (use type 'none' for a step that only waits)");
        }
        Action action = ActionParser.action(map.get("action"), path + ".action", waitFor != null);
        return new Step(id, delay, waitUntil, waitFor, condition, action);
    }


    private static WaitUntil waitUntil(Object node, String path) {
        if (node instanceof String at) {
            return new WaitUntil(instantOrTemplate(at, path), null, null);
        }
        Map<String, ?> map = RuleFields.object(node, path);
        RuleFields.allowOnly(map, path, "at", "time", "timezone");
        boolean hasAt = map.get("at") != null;
        boolean hasTime = map.get("time") != null;
        if (hasAt == hasTime) {
            throw new FieldValidationException(path, "needs exactly one of at (an ISO-8601 instant) or time (\"HH:mm\")");
        }
        if (hasAt) {
            if (map.get("timezone") != null) {
                throw new FieldValidationException(path + ".timezone", "only goes with time; at carries its own offset");
            }
            return new WaitUntil(instantOrTemplate(RuleFields.string(map.get("at"), path + ".at", 256, false), path + ".at"),
                    null, null);
        }
        return new WaitUntil(null, RuleFields.time(map.get("time"), path + ".time", true), RuleFields.zone(map.get("timezone"), path + ".timezone"));
    }

    /**
     * An instant, or a template read when the step comes due ({@code "{{event.appointmentAt}}"}): an instant the
     * client site sends with the event. A template that doesn't render to an ISO-8601 instant then fails the step
     * with {@code INVALID_STEP}.
     */
    private static String instantOrTemplate(String at, String path) {
        if (at.contains("{{")) {
            if (at.length() > 256) {
                throw new FieldValidationException(path, "must be at most 256 characters");
            }
            return RuleFields.template(at, path);
        }
        return RuleFields.instant(at, path);
    }

    private static WaitFor waitFor(Object node, String path) {
        Map<String, ?> map = RuleFields.object(node, path);
        RuleFields.allowOnly(map, path, "events", "timeout");
        if (map.get("events") == null) {
            throw new FieldValidationException(path + ".events", "is required");
        }
        List<?> items = RuleFields.list(map.get("events"), path + ".events");
        if (items.isEmpty()) {
            throw new FieldValidationException(path + ".events", "must name at least one event");
        }
        List<String> events = RuleFields.events(items, path + ".events");
        if (map.get("timeout") == null) {
            throw new FieldValidationException(path + ".timeout", "is required (like {\"value\": 2, \"unit\": \"days\"})");
        }
        return new WaitFor(events, RuleFields.delay(map.get("timeout"), path + ".timeout", true));
    }

    // ---------------------------------------------------------------- actions






    // ---------------------------------------------------------------- conditions



    // ---------------------------------------------------------------- shapes











    // ---------------------------------------------------------------- back to JSON

    // ---------------------------------------------------------------- back to JSON

    /**
     * The rule in the shape {@link #parse} reads (null parts left out), with the server-managed fields when
     * set: what the API answers, and what {@code parse(toBody(rule))} turns back into the same rule.
     */
    public static Map<String, Object> toBody(AutomationRule rule) {
        return RuleBodies.toBody(rule);
    }

    /** A condition in its JSON shape, or null. */
    public static Map<String, Object> conditionBody(Condition condition) {
        return RuleBodies.conditionBody(condition);
    }
}
