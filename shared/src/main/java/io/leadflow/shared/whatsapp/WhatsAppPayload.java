package io.leadflow.shared.whatsapp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Meta's webhook payload as Leadflow reads it: {@code entry[].changes[].value} with {@code metadata.phone_number_id},
 * {@code contacts[]}, {@code messages[]} and {@code statuses[]}. Fields Leadflow does not use are ignored, so Meta may
 * add some; a body that is not this shape at all is {@link Unreadable}.
 */
public record WhatsAppPayload(List<Change> changes) {

    /** One {@code changes[].value}: what happened on one of the business's phone numbers. */
    public record Change(String phoneNumberId, List<Inbound> messages, List<Status> statuses, Map<String, String> names) {
    }

    /**
     * One message a customer sent.
     *
     * @param from the sender's number as Meta writes it: digits, no {@code +}
     * @param type {@code text}, {@code image}, {@code button}, {@code interactive}, {@code location}, ...
     * @param text what the message says in words: the text, a caption, a button's or a reply's title; null otherwise
     * @param content the type's own object as Meta sent it (media id, caption, button payload)
     * @param contextWamid the message this one answers, when the customer used "reply"
     */
    public record Inbound(String wamid, String from, Instant timestamp, String type, String text,
                          Map<String, Object> content, String contextWamid) {
    }

    /**
     * One delivery receipt of a message the business sent.
     *
     * @param status {@code sent}, {@code delivered}, {@code read} or {@code failed}
     * @param errorCode Meta's error code of a failure, with its text in {@code errorMessage}
     */
    public record Status(String wamid, String status, Instant timestamp, String recipientId, String errorCode,
                         String errorMessage) {
    }

    /** The body is not a WhatsApp webhook payload. */
    public static final class Unreadable extends RuntimeException {
        public Unreadable(String message) {
            super(message);
        }
    }

    private static final JsonMapper JSON = JsonMapper.shared();

    public static WhatsAppPayload parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (RuntimeException notJson) {
            throw new Unreadable("the body is not JSON");
        }
        if (root == null || !root.isObject() || !root.path("entry").isArray()) {
            throw new Unreadable("the body has no entry[] list");
        }
        List<Change> changes = new ArrayList<>();
        for (JsonNode entry : root.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                JsonNode value = change.path("value");
                String phoneNumberId = text(value.path("metadata").path("phone_number_id"));
                if (phoneNumberId == null) {
                    continue;
                }
                Map<String, String> names = new LinkedHashMap<>();
                for (JsonNode contact : value.path("contacts")) {
                    String waId = text(contact.path("wa_id"));
                    String name = text(contact.path("profile").path("name"));
                    if (waId != null && name != null) {
                        names.put(waId, name);
                    }
                }
                List<Inbound> messages = new ArrayList<>();
                for (JsonNode message : value.path("messages")) {
                    Inbound inbound = inbound(message);
                    if (inbound != null) {
                        messages.add(inbound);
                    }
                }
                List<Status> statuses = new ArrayList<>();
                for (JsonNode status : value.path("statuses")) {
                    String wamid = text(status.path("id"));
                    String state = text(status.path("status"));
                    if (wamid == null || state == null) {
                        continue;
                    }
                    JsonNode error = status.path("errors").path(0);
                    String code = error.isMissingNode() ? null : text(error.path("code"));
                    String message = error.isMissingNode() ? null : firstText(error.path("error_data").path("details"),
                            error.path("message"), error.path("title"));
                    statuses.add(new Status(wamid, state, epoch(status.path("timestamp")),
                            text(status.path("recipient_id")), code, message));
                }
                changes.add(new Change(phoneNumberId, messages, statuses, names));
            }
        }
        return new WhatsAppPayload(changes);
    }

    /** Every phone number id the payload speaks of. */
    public Set<String> phoneNumberIds() {
        Set<String> ids = new LinkedHashSet<>();
        changes.forEach(change -> ids.add(change.phoneNumberId()));
        return ids;
    }

    /** The changes on the given numbers. */
    public List<Change> on(Set<String> phoneNumberIds) {
        return changes.stream().filter(change -> phoneNumberIds.contains(change.phoneNumberId())).toList();
    }

    private static Inbound inbound(JsonNode message) {
        String wamid = text(message.path("id"));
        String from = text(message.path("from"));
        if (wamid == null || from == null) {
            return null;
        }
        String type = text(message.path("type"));
        if (type == null) {
            type = "unknown";
        }
        JsonNode body = message.path(type);
        String text = switch (type) {
            case "text" -> text(body.path("body"));
            case "button" -> text(body.path("text"));
            case "interactive" -> firstText(body.path("button_reply").path("title"), body.path("list_reply").path("title"));
            case "image", "video", "document" -> text(body.path("caption"));
            case "reaction" -> text(body.path("emoji"));
            default -> null;
        };
        Map<String, Object> content = null;
        if (!"text".equals(type) && body.isObject()) {
            content = storable(JSON.convertValue(body, Map.class), 0);
        }
        return new Inbound(wamid, from, epoch(message.path("timestamp")), type, text, content,
                text(message.path("context").path("id")));
    }

    /** A copy safe to store: keys without '.' or a leading '$', at most 5 levels (deeper parts are dropped). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> storable(Map<?, ?> map, int depth) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (key.isEmpty() || key.contains(".") || key.startsWith("$") || key.indexOf('\0') >= 0) {
                continue;
            }
            Object value = entry.getValue();
            if (value instanceof Map<?, ?> nested) {
                if (depth < 5) {
                    out.put(key, storable(nested, depth + 1));
                }
            } else if (!(value instanceof List<?>) || depth < 5) {
                out.put(key, value);
            }
        }
        return out;
    }

    private static String firstText(JsonNode... nodes) {
        for (JsonNode node : nodes) {
            String text = text(node);
            if (text != null) {
                return text;
            }
        }
        return null;
    }

    private static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        String text = node.isString() ? node.stringValue() : node.isNumber() ? node.asString() : null;
        return text == null || text.isBlank() ? null : text;
    }

    private static Instant epoch(JsonNode node) {
        String text = text(node);
        if (text == null) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(text.trim()));
        } catch (NumberFormatException notSeconds) {
            return null;
        }
    }
}
