package io.leadflow.shared.chat;

import io.leadflow.shared.tenant.TenantOwned;
import java.time.Instant;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One live inbox event, in the central database: what every API instance tails to feed its Server-Sent Events
 * streams, and what a reconnecting client resumes from ({@code Last-Event-ID} is the {@code seq}).
 *
 * @param seq position in the platform-wide order of events (a counter), the stream's event id
 * @param type {@link #MESSAGE_CREATED} or {@link #MESSAGE_STATUS}
 * @param data the event's JSON payload
 */
@Document("chat_events")
public record ChatEvent(
        @Id String id,
        long seq,
        String clientCode,
        String type,
        Map<String, Object> data,
        Instant createdAt) implements TenantOwned {

    /** A message was stored: inbound, or outbound as it was queued. */
    public static final String MESSAGE_CREATED = "message.created";
    /** An outbound message moved: {@code sent}, {@code delivered}, {@code read} or {@code failed}. */
    public static final String MESSAGE_STATUS = "message.status";
    /** An agent read a conversation (its unread count is 0 again). */
    public static final String CONVERSATION_READ = "conversation.read";
}
