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
            "steps", "exitOn", "reEnrollment", "sendWindow", "sequence");
    /** A rule's target when it runs a sequence written in Java: {@code code:<name>}. */
    public static final Pattern CODE_SEQUENCE = Pattern.compile("code:[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(_[A-Z]{2})?");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PLACEHOLDER_PATH = Pattern.compile("(lead|event|wait|resolved)(\\.[A-Za-z0-9_-]+)+");
    private static final AutomationRule BLANK = new AutomationRule(null, null, null, null, null, true, null, null,
            List.of(), AutomationRule.NEVER, null, null, 0, null, null);

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
        String name = patch.containsKey("name") ? string(patch.get("name"), "name", 200, false) : base.name();
        String description = patch.containsKey("description")
                ? string(patch.get("description"), "description", 2000, true) : base.description();
        String trigger = patch.containsKey("trigger") ? trigger(patch.get("trigger")) : base.trigger();
        boolean active = patch.containsKey("isActive") ? bool(patch.get("isActive"), "isActive") : base.isActive();
        Condition condition = patch.containsKey("condition")
                ? (patch.get("condition") == null ? null : condition(patch.get("condition"), "condition", 1))
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
        return new AutomationRule(base.id(), base.clientCode(), name, description, trigger, active, condition,
                steps == null ? List.of() : steps, exitOn == null ? List.of() : exitOn,
                reEnrollment == null ? AutomationRule.NEVER : reEnrollment, window, sequence, base.version(),
                base.createdAt(), base.updatedAt());
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
        return node == null ? null : condition(node, path, 1);
    }

    // ---------------------------------------------------------------- rule fields

    private static String trigger(Object node) {
        String trigger = string(node, "trigger", 64, false);
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
        List<?> items = list(node, "steps");
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
        List<?> items = list(node, "exitOn");
        if (items == null) {
            return List.of();
        }
        return events(items, "exitOn");
    }

    private static String reEnrollment(Object node) {
        String value = string(node, "reEnrollment", 32, true);
        if (value == null) {
            return AutomationRule.NEVER;
        }
        if (!RE_ENROLLMENT.contains(value)) {
            throw new FieldValidationException("reEnrollment", "must be one of " + RE_ENROLLMENT);
        }
        return value;
    }

    private static SendWindow sendWindow(Object node, String path) {
        Map<String, ?> map = object(node, path);
        allowOnly(map, path, "days", "start", "end", "timezone");
        List<String> days = null;
        if (map.get("days") != null) {
            List<?> names = list(map.get("days"), path + ".days");
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
        String start = time(map.get("start"), path + ".start", true);
        String end = time(map.get("end"), path + ".end", true);
        if (start.equals(end)) {
            throw new FieldValidationException(path + ".end", "must differ from start (an end before start runs overnight)");
        }
        String timezone = zone(map.get("timezone"), path + ".timezone");
        return new SendWindow(days == null ? List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN") : days,
                start, end, timezone);
    }

    // ---------------------------------------------------------------- steps

    private static Step step(Object node, String path, int index) {
        Map<String, ?> map = object(node, path);
        allowOnly(map, path, "id", "delay", "waitUntil", "waitFor", "condition", "action");
        String id = string(map.get("id"), path + ".id", 64, true);
        if (id == null) {
            id = "step-" + (index + 1);
        } else if (!STEP_ID.matcher(id).matches()) {
            throw new FieldValidationException(path + ".id", "must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'");
        }
        Delay delay = map.get("delay") == null ? null : delay(map.get("delay"), path + ".delay", false);
        WaitUntil waitUntil = map.get("waitUntil") == null ? null : waitUntil(map.get("waitUntil"), path + ".waitUntil");
        WaitFor waitFor = map.get("waitFor") == null ? null : waitFor(map.get("waitFor"), path + ".waitFor");
        Condition condition = map.get("condition") == null ? null : condition(map.get("condition"), path + ".condition", 1);
        if (map.get("action") == null) {
            throw new FieldValidationException(path + ".action", "is required (use type 'none' for a step that only waits)");
        }
        Action action = action(map.get("action"), path + ".action", waitFor != null);
        return new Step(id, delay, waitUntil, waitFor, condition, action);
    }

    private static Delay delay(Object node, String path, boolean positive) {
        Map<String, ?> map = object(node, path);
        allowOnly(map, path, "value", "unit");
        if (map.get("value") == null) {
            throw new FieldValidationException(path + ".value", "is required");
        }
        long value = wholeNumber(map.get("value"), path + ".value");
        if (value < 0 || (positive && value == 0)) {
            throw new FieldValidationException(path + ".value", positive ? "must be greater than 0" : "must be 0 or more");
        }
        String unit = string(map.get("unit"), path + ".unit", 16, false);
        if (unit == null) {
            throw new FieldValidationException(path + ".unit", "is required (" + String.join(", ", UNITS) + ")");
        }
        if (!UNITS.contains(unit)) {
            throw new FieldValidationException(path + ".unit", "must be one of " + UNITS);
        }
        Delay delay = new Delay(value, unit);
        if (value > MAX_DELAY_DAYS * 86_400L || delay.toDuration().toDays() > MAX_DELAY_DAYS) {
            throw new FieldValidationException(path, "must not be longer than " + MAX_DELAY_DAYS + " days");
        }
        return delay;
    }

    private static WaitUntil waitUntil(Object node, String path) {
        if (node instanceof String at) {
            return new WaitUntil(instantOrTemplate(at, path), null, null);
        }
        Map<String, ?> map = object(node, path);
        allowOnly(map, path, "at", "time", "timezone");
        boolean hasAt = map.get("at") != null;
        boolean hasTime = map.get("time") != null;
        if (hasAt == hasTime) {
            throw new FieldValidationException(path, "needs exactly one of at (an ISO-8601 instant) or time (\"HH:mm\")");
        }
        if (hasAt) {
            if (map.get("timezone") != null) {
                throw new FieldValidationException(path + ".timezone", "only goes with time; at carries its own offset");
            }
            return new WaitUntil(instantOrTemplate(string(map.get("at"), path + ".at", 256, false), path + ".at"), null, null);
        }
        return new WaitUntil(null, time(map.get("time"), path + ".time", true), zone(map.get("timezone"), path + ".timezone"));
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
            return template(at, path);
        }
        return instant(at, path);
    }

    private static WaitFor waitFor(Object node, String path) {
        Map<String, ?> map = object(node, path);
        allowOnly(map, path, "events", "timeout");
        if (map.get("events") == null) {
            throw new FieldValidationException(path + ".events", "is required");
        }
        List<?> items = list(map.get("events"), path + ".events");
        if (items.isEmpty()) {
            throw new FieldValidationException(path + ".events", "must name at least one event");
        }
        List<String> events = events(items, path + ".events");
        if (map.get("timeout") == null) {
            throw new FieldValidationException(path + ".timeout", "is required (like {\"value\": 2, \"unit\": \"days\"})");
        }
        return new WaitFor(events, delay(map.get("timeout"), path + ".timeout", true));
    }

    // ---------------------------------------------------------------- actions

    private static Action action(Object node, String path, boolean waits) {
        Map<String, ?> map = object(node, path);
        allowOnly(map, path, "type", "params");
        String type = string(map.get("type"), path + ".type", 64, false);
        if (type == null) {
            throw new FieldValidationException(path + ".type", "is required");
        }
        if (!ACTIONS.contains(type)) {
            throw new FieldValidationException(path + ".type", "unknown action '" + type + "' (one of "
                    + String.join(", ", ACTIONS) + ")");
        }
        String at = path + ".params";
        Map<String, ?> params = map.get("params") == null ? Map.of() : object(map.get("params"), at);
        Map<String, Object> out = new LinkedHashMap<>();
        switch (type) {
            case Action.SEND_WHATSAPP -> {
                allowOnly(params, at, "templateName", "language", "variables", "text");
                if (params.get("text") != null) {
                    // Free-form text: only delivered inside the 24 h customer-service window (Meta refuses it after).
                    if (params.get("templateName") != null || params.get("variables") != null) {
                        throw new FieldValidationException(at + ".text", "use either text or templateName, not both");
                    }
                    out.put("text", template(required(params, at, "text", MAX_WHATSAPP_TEXT), at + ".text"));
                    break;
                }
                out.put("templateName", required(params, at, "templateName", 512));
                String language = string(params.get("language"), at + ".language", 16, true);
                if (language != null && !LANGUAGE.matcher(language).matches()) {
                    throw new FieldValidationException(at + ".language", "must be a language code like en_US or pt_BR");
                }
                out.put("language", language == null ? "en_US" : language);
                List<String> variables = new ArrayList<>();
                if (params.get("variables") != null) {
                    List<?> items = list(params.get("variables"), at + ".variables");
                    if (items.size() > MAX_LIST) {
                        throw new FieldValidationException(at + ".variables", "at most " + MAX_LIST + " variables");
                    }
                    for (int i = 0; i < items.size(); i++) {
                        String item = at + ".variables[" + i + "]";
                        if (!(items.get(i) instanceof String s)) {
                            throw new FieldValidationException(item, "must be a string (a template like {{lead.firstName}})");
                        }
                        if (s.length() > MAX_WHATSAPP_VARIABLE) {
                            throw new FieldValidationException(item, "must be at most " + MAX_WHATSAPP_VARIABLE + " characters");
                        }
                        variables.add(template(s, item));
                    }
                }
                out.put("variables", List.copyOf(variables));
            }
            case Action.SEND_EMAIL -> {
                allowOnly(params, at, "subject", "body", "html", "to");
                out.put("subject", required(params, at, "subject", MAX_EMAIL_SUBJECT));
                out.put("body", required(params, at, "body", MAX_EMAIL_BODY));
                out.put("html", params.get("html") == null ? Boolean.FALSE : bool(params.get("html"), at + ".html"));
                String to = string(params.get("to"), at + ".to", 320, true);
                if (to != null) {
                    template(to, at + ".to");
                    if (!to.contains("{{") && !EMAIL.matcher(to).matches()) {
                        throw new FieldValidationException(at + ".to", "must be an email address or a template like {{lead.email}}");
                    }
                    out.put("to", to);
                }
            }
            case Action.MOVE_STAGE -> {
                allowOnly(params, at, "stageId", "stageName");
                String stageId = string(params.get("stageId"), at + ".stageId", 64, true);
                String stageName = string(params.get("stageName"), at + ".stageName", 100, true);
                if ((stageId == null) == (stageName == null)) {
                    throw new FieldValidationException(at, "needs exactly one of stageId or stageName");
                }
                if (stageId != null) {
                    out.put("stageId", stageId);
                } else {
                    out.put("stageName", stageName);
                }
            }
            case Action.ASSIGN_TO -> {
                allowOnly(params, at, "userId");
                out.put("userId", required(params, at, "userId", 128));
            }
            case Action.ADD_TAG, Action.REMOVE_TAG -> {
                allowOnly(params, at, "tag");
                out.put("tag", required(params, at, "tag", 64));
            }
            case Action.WEBHOOK -> {
                allowOnly(params, at, "url", "payload");
                out.put("url", url(required(params, at, "url", 2048), at + ".url"));
                if (params.get("payload") != null) {
                    Map<String, ?> payload = object(params.get("payload"), at + ".payload");
                    Object rendered = payloadValue(payload, at + ".payload", 1);
                    if (io.leadflow.contracts.template.ContextPaths.json(rendered).length() > MAX_PAYLOAD_JSON) {
                        throw new FieldValidationException(at + ".payload",
                                "must be at most " + MAX_PAYLOAD_JSON + " characters as JSON");
                    }
                    out.put("payload", rendered);
                }
            }
            case Action.CREATE_MEET -> {
                allowOnly(params, at, "summary", "durationMinutes", "startTime", "attendees");
                out.put("summary", required(params, at, "summary", 1024));
                long minutes = params.get("durationMinutes") == null ? 30
                        : wholeNumber(params.get("durationMinutes"), at + ".durationMinutes");
                if (minutes < 1 || minutes > 1440) {
                    throw new FieldValidationException(at + ".durationMinutes", "must be between 1 and 1440");
                }
                out.put("durationMinutes", (int) minutes);
                String startTime = string(params.get("startTime"), at + ".startTime", 128, true);
                if (startTime != null) {
                    out.put("startTime", startTime.contains("{{")
                            ? template(startTime, at + ".startTime") : instant(startTime, at + ".startTime"));
                }
                if (params.get("attendees") != null) {
                    List<?> items = list(params.get("attendees"), at + ".attendees");
                    if (items.size() > MAX_LIST) {
                        throw new FieldValidationException(at + ".attendees", "at most " + MAX_LIST + " attendees");
                    }
                    List<String> attendees = new ArrayList<>();
                    for (int i = 0; i < items.size(); i++) {
                        String item = at + ".attendees[" + i + "]";
                        if (!(items.get(i) instanceof String s) || s.length() > 320
                                || !(s.contains("{{") || EMAIL.matcher(s).matches())) {
                            throw new FieldValidationException(item, "must be an email address or a template like {{lead.email}}");
                        }
                        attendees.add(template(s, item));
                    }
                    out.put("attendees", List.copyOf(attendees));
                }
            }
            case Action.NONE -> {
                if (!params.isEmpty()) {
                    throw new FieldValidationException(at, "must be empty for type 'none'");
                }
                if (!waits) {
                    throw new FieldValidationException(path + ".type", "'none' is only allowed on a step with waitFor");
                }
            }
            default -> throw new IllegalStateException(type);
        }
        return new Action(type, java.util.Collections.unmodifiableMap(out));
    }

    private static String required(Map<String, ?> params, String at, String name, int max) {
        String value = string(params.get(name), at + "." + name, max, false);
        if (value == null) {
            throw new FieldValidationException(at + "." + name, "is required");
        }
        return template(value, at + "." + name);
    }

    private static String url(String url, String path) {
        String lower = url.toLowerCase(java.util.Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            throw new FieldValidationException(path, "must be an http(s) URL");
        }
        try {
            URI uri = new URI(url.replaceAll("\\{\\{[^{}]*}}", "x"));
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                throw new FieldValidationException(path, "must be an http(s) URL with a host");
            }
        } catch (URISyntaxException e) {
            throw new FieldValidationException(path, "must be a valid http(s) URL");
        }
        try {
            // Credentials in URLs and metadata addresses are refused on save; private and loopback targets depend
            // on the deployment (leadflow.channels.allow-private-targets) and are checked on every delivery.
            io.leadflow.shared.net.OutboundUrlGuard.checkUrl(url.replaceAll("\\{\\{[^{}]*}}", "x"), true);
        } catch (io.leadflow.shared.error.LeadflowException refused) {
            throw new FieldValidationException(path, refused.getMessage());
        }
        return url;
    }

    /** A webhook payload: any JSON, templates in strings, keys safe to store (no '.', no leading '$'). */
    private static Object payloadValue(Object value, String path, int depth) {
        if (depth > 10) {
            throw new FieldValidationException(path, "is nested too deeply (at most 10 levels)");
        }
        if (value instanceof Map<?, ?> map) {
            if (map.size() > MAX_PAYLOAD_KEYS) {
                throw new FieldValidationException(path, "at most " + MAX_PAYLOAD_KEYS + " keys");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                if (key.isEmpty() || key.length() > 128 || key.contains(".") || key.startsWith("$") || key.indexOf('\0') >= 0) {
                    throw new FieldValidationException(path + "." + key, "keys must be 1-128 characters, without '.', a leading '$' or NUL");
                }
                out.put(key, payloadValue(entry.getValue(), path + "." + key, depth + 1));
            }
            return out;
        }
        if (value instanceof List<?> list) {
            if (list.size() > MAX_PAYLOAD_KEYS) {
                throw new FieldValidationException(path, "at most " + MAX_PAYLOAD_KEYS + " items");
            }
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                out.add(payloadValue(list.get(i), path + "[" + i + "]", depth + 1));
            }
            return out;
        }
        if (value instanceof String s) {
            if (s.length() > MAX_PAYLOAD_STRING) {
                throw new FieldValidationException(path, "must be at most " + MAX_PAYLOAD_STRING + " characters");
            }
            return template(s, path);
        }
        return value;
    }

    /** Checks that every placeholder names a context path ({@code lead.}, {@code event.}, ...). */
    private static String template(String text, String path) {
        for (String placeholder : TemplateRenderer.placeholders(text)) {
            if (!PLACEHOLDER_PATH.matcher(placeholder).matches()) {
                throw new FieldValidationException(path, "unknown placeholder '{{" + placeholder
                        + "}}' (paths start with lead., event., resolved. or wait.)");
            }
        }
        return text;
    }

    // ---------------------------------------------------------------- conditions

    private static Condition condition(Object node, String path, int depth) {
        if (depth > MAX_CONDITION_DEPTH) {
            throw new FieldValidationException(path, "is nested too deeply (at most " + MAX_CONDITION_DEPTH + " levels)");
        }
        Map<String, ?> map = object(node, path);
        allowOnly(map, path, "all", "any", "not", "fact", "operator", "value");
        boolean leaf = map.containsKey("fact") || map.containsKey("operator") || map.containsKey("value");
        int shapes = (map.containsKey("all") ? 1 : 0) + (map.containsKey("any") ? 1 : 0)
                + (map.containsKey("not") ? 1 : 0) + (leaf ? 1 : 0);
        if (shapes != 1) {
            throw new FieldValidationException(path, "use exactly one of all, any, not, or fact/operator/value");
        }
        if (map.containsKey("all") || map.containsKey("any")) {
            String group = map.containsKey("all") ? "all" : "any";
            List<?> items = list(map.get(group), path + "." + group);
            if (items == null || items.isEmpty()) {
                throw new FieldValidationException(path + "." + group, "must contain at least one condition");
            }
            if (items.size() > MAX_LIST) {
                throw new FieldValidationException(path + "." + group, "at most " + MAX_LIST + " conditions");
            }
            List<Condition> children = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                children.add(condition(items.get(i), path + "." + group + "[" + i + "]", depth + 1));
            }
            return group.equals("all") ? Condition.all(List.copyOf(children)) : Condition.any(List.copyOf(children));
        }
        if (map.containsKey("not")) {
            if (map.get("not") == null) {
                throw new FieldValidationException(path + ".not", "must be a condition");
            }
            return Condition.not(condition(map.get("not"), path + ".not", depth + 1));
        }
        String fact = string(map.get("fact"), path + ".fact", 200, false);
        if (fact == null) {
            throw new FieldValidationException(path + ".fact", "is required");
        }
        if (!FACT.matcher(fact).matches()) {
            throw new FieldValidationException(path + ".fact",
                    "must be a dotted path starting with lead., event., wait. or resolved. (like lead.score)");
        }
        String operator = string(map.get("operator"), path + ".operator", 64, false);
        if (operator == null) {
            throw new FieldValidationException(path + ".operator", "is required");
        }
        if (!ConditionEvaluator.OPERATORS.contains(operator)) {
            throw new FieldValidationException(path + ".operator", "unknown operator '" + operator + "' (one of "
                    + String.join(", ", ConditionEvaluator.OPERATORS) + ")");
        }
        Object value = map.get("value");
        String at = path + ".value";
        switch (operator) {
            case ConditionEvaluator.EXISTS -> {
                if (!(value instanceof Boolean)) {
                    throw new FieldValidationException(at, "must be true or false for exists");
                }
            }
            case ConditionEvaluator.IN, ConditionEvaluator.NOT_IN -> {
                if (!(value instanceof List<?> options)) {
                    throw new FieldValidationException(at, "must be a list for " + operator);
                }
                for (int i = 0; i < options.size(); i++) {
                    scalar(options.get(i), at + "[" + i + "]");
                }
            }
            case ConditionEvaluator.CONTAINS, ConditionEvaluator.DOES_NOT_CONTAIN -> {
                if (value == null) {
                    throw new FieldValidationException(at, "is required for " + operator);
                }
                scalar(value, at);
            }
            case ConditionEvaluator.LESS_THAN, ConditionEvaluator.LESS_THAN_INCLUSIVE,
                 ConditionEvaluator.GREATER_THAN, ConditionEvaluator.GREATER_THAN_INCLUSIVE -> {
                if (!(value instanceof Number) && !(value instanceof String)) {
                    throw new FieldValidationException(at, "must be a number or a string for " + operator);
                }
            }
            default -> {
                if (value instanceof Map<?, ?>) {
                    throw new FieldValidationException(at, "must be a number, string, boolean, list or null");
                }
            }
        }
        return Condition.leaf(fact, operator,
                value instanceof List<?> l ? java.util.Collections.unmodifiableList(new ArrayList<>(l)) : value);
    }

    private static void scalar(Object value, String path) {
        if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
            throw new FieldValidationException(path, "must be a string, number or boolean");
        }
    }

    // ---------------------------------------------------------------- shapes

    @SuppressWarnings("unchecked")
    private static Map<String, ?> object(Object node, String path) {
        if (!(node instanceof Map<?, ?> map)) {
            throw new FieldValidationException(path, "must be an object");
        }
        return (Map<String, ?>) map;
    }

    private static List<?> list(Object node, String path) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof List<?> list)) {
            throw new FieldValidationException(path, "must be a list");
        }
        return list;
    }

    private static void allowOnly(Map<String, ?> map, String path, String... allowed) {
        Set<String> names = Set.of(allowed);
        for (String key : map.keySet()) {
            if (!names.contains(key)) {
                throw new FieldValidationException(path + "." + key, "unknown field (allowed: " + String.join(", ", allowed) + ")");
            }
        }
    }

    private static String string(Object node, String path, int max, boolean optional) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof String s)) {
            throw new FieldValidationException(path, "must be a string");
        }
        String trimmed = s.trim();
        if (trimmed.isEmpty()) {
            if (optional) {
                return null;
            }
            throw new FieldValidationException(path, "must not be blank");
        }
        if (trimmed.length() > max) {
            throw new FieldValidationException(path, "must be at most " + max + " characters");
        }
        return trimmed;
    }

    private static boolean bool(Object node, String path) {
        if (!(node instanceof Boolean b)) {
            throw new FieldValidationException(path, "must be true or false");
        }
        return b;
    }

    private static long wholeNumber(Object node, String path) {
        if (node instanceof Integer || node instanceof Long || node instanceof Short || node instanceof Byte) {
            return ((Number) node).longValue();
        }
        if (node instanceof BigInteger big && big.bitLength() < 63) {
            return big.longValue();
        }
        if (node instanceof Double || node instanceof Float || node instanceof BigDecimal) {
            BigDecimal decimal = new BigDecimal(node.toString());
            if (decimal.stripTrailingZeros().scale() <= 0 && decimal.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
                return decimal.longValue();
            }
        }
        throw new FieldValidationException(path, "must be a whole number");
    }

    private static String time(Object node, String path, boolean required) {
        String value = string(node, path, 5, !required);
        if (value == null) {
            throw new FieldValidationException(path, "is required (\"HH:mm\", like 09:00)");
        }
        try {
            return SendWindows.parseTime(value).format(SendWindows.TIME);
        } catch (IllegalArgumentException e) {
            throw new FieldValidationException(path, "must be a time \"HH:mm\" between 00:00 and 23:59");
        }
    }

    private static String zone(Object node, String path) {
        String name = string(node, path, 64, true);
        if (name == null) {
            return null;
        }
        if (SendWindows.zoneOrNull(name) == null) {
            throw new FieldValidationException(path, "unknown time zone '" + name + "' (use an IANA name like Asia/Kolkata)");
        }
        return name;
    }

    private static String instant(String text, String path) {
        try {
            return OffsetDateTime.parse(text.trim()).toInstant().toString();
        } catch (DateTimeParseException e) {
            throw new FieldValidationException(path, "must be an ISO-8601 date-time with an offset, like 2025-07-01T09:00:00+05:30");
        }
    }

    private static List<String> events(List<?> items, String path) {
        if (items.size() > MAX_LIST) {
            throw new FieldValidationException(path, "at most " + MAX_LIST + " events");
        }
        List<String> events = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String item = path + "[" + i + "]";
            if (!(items.get(i) instanceof String s) || !EVENT.matcher(s.trim()).matches() || s.trim().length() > 130) {
                throw new FieldValidationException(item, "must be an event name like lead_replied or tag_added:customer");
            }
            if (!events.contains(s.trim())) {
                events.add(s.trim());
            }
        }
        return List.copyOf(events);
    }

    // ---------------------------------------------------------------- back to JSON

    /**
     * The rule in the shape {@link #parse} reads (null parts left out), with the server-managed fields when
     * set: what the API answers, and what {@code parse(toBody(rule))} turns back into the same rule.
     */
    public static Map<String, Object> toBody(AutomationRule rule) {
        Map<String, Object> body = new LinkedHashMap<>();
        put(body, "id", rule.id());
        put(body, "name", rule.name());
        put(body, "description", rule.description());
        put(body, "trigger", rule.trigger());
        body.put("isActive", rule.isActive());
        put(body, "condition", conditionBody(rule.condition()));
        if (rule.steps() != null) {
            body.put("steps", rule.steps().stream().map(RuleParser::stepBody).toList());
        }
        put(body, "sequence", rule.sequence());
        body.put("exitOn", rule.exitOn() == null ? List.of() : rule.exitOn());
        put(body, "reEnrollment", rule.reEnrollment());
        if (rule.sendWindow() != null) {
            SendWindow w = rule.sendWindow();
            Map<String, Object> window = new LinkedHashMap<>();
            put(window, "days", w.days());
            put(window, "start", w.start());
            put(window, "end", w.end());
            put(window, "timezone", w.timezone());
            body.put("sendWindow", window);
        }
        if (rule.id() != null) {
            body.put("version", rule.version());
        }
        put(body, "createdAt", rule.createdAt() == null ? null : rule.createdAt().toString());
        put(body, "updatedAt", rule.updatedAt() == null ? null : rule.updatedAt().toString());
        return body;
    }

    /** A condition in its JSON shape, or null. */
    public static Map<String, Object> conditionBody(Condition condition) {
        if (condition == null) {
            return null;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (condition.all() != null) {
            body.put("all", condition.all().stream().map(RuleParser::conditionBody).toList());
        } else if (condition.any() != null) {
            body.put("any", condition.any().stream().map(RuleParser::conditionBody).toList());
        } else if (condition.not() != null) {
            body.put("not", conditionBody(condition.not()));
        } else {
            body.put("fact", condition.fact());
            body.put("operator", condition.operator());
            body.put("value", condition.value());
        }
        return body;
    }

    private static Map<String, Object> stepBody(Step step) {
        Map<String, Object> body = new LinkedHashMap<>();
        put(body, "id", step.id());
        if (step.delay() != null) {
            body.put("delay", delayBody(step.delay()));
        }
        if (step.waitUntil() != null) {
            Map<String, Object> wait = new LinkedHashMap<>();
            put(wait, "at", step.waitUntil().at());
            put(wait, "time", step.waitUntil().time());
            put(wait, "timezone", step.waitUntil().timezone());
            body.put("waitUntil", wait);
        }
        if (step.waitFor() != null) {
            Map<String, Object> wait = new LinkedHashMap<>();
            wait.put("events", step.waitFor().events());
            put(wait, "timeout", step.waitFor().timeout() == null ? null : delayBody(step.waitFor().timeout()));
            body.put("waitFor", wait);
        }
        put(body, "condition", conditionBody(step.condition()));
        if (step.action() != null) {
            Map<String, Object> action = new LinkedHashMap<>();
            action.put("type", step.action().type());
            action.put("params", step.action().params() == null ? Map.of() : step.action().params());
            body.put("action", action);
        }
        return body;
    }

    private static Map<String, Object> delayBody(Delay delay) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("value", delay.value());
        body.put("unit", delay.unit());
        return body;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
