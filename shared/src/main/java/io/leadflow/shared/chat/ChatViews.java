package io.leadflow.shared.chat;

import io.leadflow.shared.conversation.Conversation;
import io.leadflow.shared.conversation.Message;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Messages and conversations as the inbox shows them, the same in REST answers and in stream events: plain maps
 * without storage internals (idempotency scopes, attempt counters).
 */
public final class ChatViews {

    private ChatViews() {
    }

    public static Map<String, Object> message(Message m) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", m.id());
        view.put("conversationId", m.conversationId());
        view.put("leadId", m.leadId());
        view.put("channel", m.channel());
        view.put("direction", m.direction());
        view.put("type", m.type());
        put(view, "from", m.from());
        put(view, "to", m.to());
        put(view, "body", m.body());
        put(view, "subject", m.subject());
        put(view, "templateName", m.templateName());
        put(view, "language", m.language());
        put(view, "bodyVariables", m.bodyVariables());
        put(view, "content", m.content());
        view.put("status", m.status());
        put(view, "providerMessageId", m.providerMessageId());
        if (m.error() != null) {
            view.put("error", Map.of("code", String.valueOf(m.error().code()), "message", String.valueOf(m.error().message())));
        }
        put(view, "clientMessageId", clientMessageId(m));
        view.put("createdAt", m.createdAt() == null ? null : m.createdAt().toString());
        put(view, "sentAt", m.providerTimestamp() == null ? null : m.providerTimestamp().toString());
        return view;
    }

    /** The parts of a conversation a stream event carries: enough to update an inbox list without a read. */
    public static Map<String, Object> conversationSummary(Conversation c) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", c.id());
        view.put("leadId", c.leadId());
        view.put("unreadCount", c.unreadCount());
        view.put("lastMessageAt", c.lastMessageAt() == null ? null : c.lastMessageAt().toString());
        view.put("lastMessagePreview", c.lastMessagePreview());
        return view;
    }

    /** The {@code clientMessageId} of an inbox reply (its idempotency key is {@code reply:<clientMessageId>}). */
    public static String clientMessageId(Message m) {
        String key = m.idempotencyKey();
        return key != null && key.startsWith("reply:") ? key.substring("reply:".length()) : null;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
