package io.leadflow.shared.rule;

import io.leadflow.contracts.rule.Action;
import io.leadflow.shared.error.FieldValidationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A step's action ({@code type} and {@code params}), validated per type with its length caps and defaults
 * (docs/RULES.md, "Actions" and "Limits"). Whether a WhatsApp template exists and takes as many parameters as given is
 * checked against the tenant's synced templates when the rule is saved ({@link RuleTemplates}).
 */
final class ActionParser {

    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(_[A-Z]{2})?");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private ActionParser() {
    }

    static Action action(Object node, String path, boolean waits) {
        Map<String, ?> map = RuleFields.object(node, path);
        RuleFields.allowOnly(map, path, "type", "params");
        String type = RuleFields.string(map.get("type"), path + ".type", 64, false);
        if (type == null) {
            throw new FieldValidationException(path + ".type", "is required");
        }
        if (!RuleParser.ACTIONS.contains(type)) {
            throw new FieldValidationException(path + ".type", "unknown action '" + type + "' (one of "
                    + String.join(", ", RuleParser.ACTIONS) + ")");
        }
        String at = path + ".params";
        Map<String, ?> params = map.get("params") == null ? Map.of() : RuleFields.object(map.get("params"), at);
        Map<String, Object> out = new LinkedHashMap<>();
        switch (type) {
            case Action.SEND_WHATSAPP -> {
                RuleFields.allowOnly(params, at, "templateName", "language", "variables", "headerVariables", "text");
                if (params.get("text") != null) {
                    // Free-form text: only delivered inside the 24 h customer-service window (Meta refuses it after).
                    if (params.get("templateName") != null || params.get("variables") != null
                            || params.get("headerVariables") != null) {
                        throw new FieldValidationException(at + ".text", "use either text or templateName, not both");
                    }
                    out.put("text", RuleFields.template(required(params, at, "text", RuleParser.MAX_WHATSAPP_TEXT), at + ".text"));
                    break;
                }
                out.put("templateName", required(params, at, "templateName", 512));
                String language = RuleFields.string(params.get("language"), at + ".language", 16, true);
                if (language != null && !LANGUAGE.matcher(language).matches()) {
                    throw new FieldValidationException(at + ".language", "must be a language code like en_US or pt_BR");
                }
                out.put("language", language == null ? "en_US" : language);
                out.put("variables", templateList(params, at, "variables"));
                List<String> header = templateList(params, at, "headerVariables");
                if (!header.isEmpty()) {
                    out.put("headerVariables", header);
                }
            }
            case Action.SEND_EMAIL -> {
                RuleFields.allowOnly(params, at, "subject", "body", "html", "to");
                out.put("subject", required(params, at, "subject", RuleParser.MAX_EMAIL_SUBJECT));
                out.put("body", required(params, at, "body", RuleParser.MAX_EMAIL_BODY));
                out.put("html", params.get("html") == null ? Boolean.FALSE : RuleFields.bool(params.get("html"), at + ".html"));
                String to = RuleFields.string(params.get("to"), at + ".to", 320, true);
                if (to != null) {
                    RuleFields.template(to, at + ".to");
                    if (!to.contains("{{") && !EMAIL.matcher(to).matches()) {
                        throw new FieldValidationException(at + ".to", "must be an email address or a template like {{lead.email}}");
                    }
                    out.put("to", to);
                }
            }
            case Action.MOVE_STAGE -> {
                RuleFields.allowOnly(params, at, "stageId", "stageName");
                String stageId = RuleFields.string(params.get("stageId"), at + ".stageId", 64, true);
                String stageName = RuleFields.string(params.get("stageName"), at + ".stageName", 100, true);
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
                RuleFields.allowOnly(params, at, "userId");
                out.put("userId", required(params, at, "userId", 128));
            }
            case Action.ADD_TAG, Action.REMOVE_TAG -> {
                RuleFields.allowOnly(params, at, "tag");
                out.put("tag", required(params, at, "tag", 64));
            }
            case Action.WEBHOOK -> {
                RuleFields.allowOnly(params, at, "url", "payload");
                out.put("url", url(required(params, at, "url", 2048), at + ".url"));
                if (params.get("payload") != null) {
                    Map<String, ?> payload = RuleFields.object(params.get("payload"), at + ".payload");
                    Object rendered = payloadValue(payload, at + ".payload", 1);
                    if (io.leadflow.contracts.template.ContextPaths.json(rendered).length() > RuleParser.MAX_PAYLOAD_JSON) {
                        throw new FieldValidationException(at + ".payload",
                                "must be at most " + RuleParser.MAX_PAYLOAD_JSON + " characters as JSON");
                    }
                    out.put("payload", rendered);
                }
            }
            case Action.CREATE_MEET -> {
                RuleFields.allowOnly(params, at, "summary", "durationMinutes", "startTime", "attendees");
                out.put("summary", required(params, at, "summary", 1024));
                long minutes = params.get("durationMinutes") == null ? 30
                        : RuleFields.wholeNumber(params.get("durationMinutes"), at + ".durationMinutes");
                if (minutes < 1 || minutes > 1440) {
                    throw new FieldValidationException(at + ".durationMinutes", "must be between 1 and 1440");
                }
                out.put("durationMinutes", (int) minutes);
                String startTime = RuleFields.string(params.get("startTime"), at + ".startTime", 128, true);
                if (startTime != null) {
                    out.put("startTime", startTime.contains("{{")
                            ? RuleFields.template(startTime, at + ".startTime") : RuleFields.instant(startTime, at + ".startTime"));
                }
                if (params.get("attendees") != null) {
                    List<?> items = RuleFields.list(params.get("attendees"), at + ".attendees");
                    if (items.size() > RuleParser.MAX_LIST) {
                        throw new FieldValidationException(at + ".attendees", "at most " + RuleParser.MAX_LIST + " attendees");
                    }
                    List<String> attendees = new ArrayList<>();
                    for (int i = 0; i < items.size(); i++) {
                        String item = at + ".attendees[" + i + "]";
                        if (!(items.get(i) instanceof String s) || s.length() > 320
                                || !(s.contains("{{") || EMAIL.matcher(s).matches())) {
                            throw new FieldValidationException(item, "must be an email address or a template like {{lead.email}}");
                        }
                        attendees.add(RuleFields.template(s, item));
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

    /** A list of template parameters ({@code variables}, {@code headerVariables}), each a capped template. */
    static List<String> templateList(Map<String, ?> params, String at, String name) {
        List<String> values = new ArrayList<>();
        if (params.get(name) == null) {
            return List.of();
        }
        String path = at.isEmpty() ? name : at + "." + name;
        List<?> items = RuleFields.list(params.get(name), path);
        if (items.size() > RuleParser.MAX_LIST) {
            throw new FieldValidationException(path, "at most " + RuleParser.MAX_LIST + " variables");
        }
        for (int i = 0; i < items.size(); i++) {
            String item = path + "[" + i + "]";
            if (!(items.get(i) instanceof String s)) {
                throw new FieldValidationException(item, "must be a string (a template like {{lead.firstName}})");
            }
            if (s.length() > RuleParser.MAX_WHATSAPP_VARIABLE) {
                throw new FieldValidationException(item, "must be at most " + RuleParser.MAX_WHATSAPP_VARIABLE + " characters");
            }
            values.add(RuleFields.template(s, item));
        }
        return List.copyOf(values);
    }

    static String required(Map<String, ?> params, String at, String name, int max) {
        String value = RuleFields.string(params.get(name), at + "." + name, max, false);
        if (value == null) {
            throw new FieldValidationException(at + "." + name, "is required");
        }
        return RuleFields.template(value, at + "." + name);
    }

    static String url(String url, String path) {
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
    static Object payloadValue(Object value, String path, int depth) {
        if (depth > 10) {
            throw new FieldValidationException(path, "is nested too deeply (at most 10 levels)");
        }
        if (value instanceof Map<?, ?> map) {
            if (map.size() > RuleParser.MAX_PAYLOAD_KEYS) {
                throw new FieldValidationException(path, "at most " + RuleParser.MAX_PAYLOAD_KEYS + " keys");
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
            if (list.size() > RuleParser.MAX_PAYLOAD_KEYS) {
                throw new FieldValidationException(path, "at most " + RuleParser.MAX_PAYLOAD_KEYS + " items");
            }
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                out.add(payloadValue(list.get(i), path + "[" + i + "]", depth + 1));
            }
            return out;
        }
        if (value instanceof String s) {
            if (s.length() > RuleParser.MAX_PAYLOAD_STRING) {
                throw new FieldValidationException(path, "must be at most " + RuleParser.MAX_PAYLOAD_STRING + " characters");
            }
            return RuleFields.template(s, path);
        }
        return value;
    }
}
