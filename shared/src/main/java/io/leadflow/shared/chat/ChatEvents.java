package io.leadflow.shared.chat;

import io.leadflow.shared.conversation.Conversation;
import io.leadflow.shared.conversation.Message;
import io.leadflow.shared.tenant.ScopedMongo;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * The live inbox's event log ({@code chat_events} in the central database), written by whoever changes a message
 * (worker or API) and tailed by every API instance, so a client connected to any instance sees every event. Events
 * are numbered by one platform-wide counter: a stream's position is a single number, and the tailer can tell a gap (a
 * writer between its number and its insert) from the end. Rows expire after {@code retention} (a TTL index); a
 * client further behind than that is told to reload.
 *
 * <p>This is platform plumbing, like {@code ClientDirectory}: it writes rows for the tenant named in each call and
 * reads a tenant's rows only with its code; tenants never reach it directly.
 */
public class ChatEvents {

    private static final Logger log = LoggerFactory.getLogger(ChatEvents.class);
    private static final String COUNTERS = "counters";
    private static final String COUNTER_ID = "chat_events";

    private final MongoTemplate central;

    public ChatEvents(MongoTemplate central, Duration retention) {
        this.central = central;
        central.indexOps(ChatEvent.class).createIndex(new Index("seq", Sort.Direction.ASC).unique());
        central.indexOps(ChatEvent.class).createIndex(new Index().on(ScopedMongo.CLIENT_CODE, Sort.Direction.ASC)
                .on("seq", Sort.Direction.ASC));
        try {
            central.indexOps(ChatEvent.class).createIndex(new Index("createdAt", Sort.Direction.ASC)
                    .expire(retention));
        } catch (RuntimeException unsupported) {
            log.warn("chat events will not expire by themselves: the store refused a TTL index ({})", unsupported.toString());
        }
    }

    /**
     * Appends an event for a tenant; returns it with its number. The unique index on the number is the last word: a
     * store whose increment is not atomic under concurrency (the embedded mongo-java-server) can hand one number to
     * two writers, and the one whose insert loses takes the next number.
     */
    public ChatEvent append(String clientCode, String type, Map<String, Object> data) {
        for (int attempt = 1; ; attempt++) {
            Document counter = central.getCollection(COUNTERS).findOneAndUpdate(
                    new Document("_id", COUNTER_ID), new Document("$inc", new Document("seq", 1L)),
                    new com.mongodb.client.model.FindOneAndUpdateOptions().upsert(true)
                            .returnDocument(com.mongodb.client.model.ReturnDocument.AFTER));
            long seq = ((Number) counter.get("seq")).longValue();
            try {
                return central.insert(new ChatEvent(null, seq, clientCode, type, data, Instant.now()));
            } catch (org.springframework.dao.DuplicateKeyException numberTaken) {
                if (attempt >= 10) {
                    throw numberTaken;
                }
            }
        }
    }

    /** A message was stored; the conversation (when given) adds its unread count and last message time. */
    public void messageCreated(Message message, Conversation conversation) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conversationId", message.conversationId());
        data.put("message", ChatViews.message(message));
        if (conversation != null) {
            data.put("conversation", ChatViews.conversationSummary(conversation));
        }
        append(message.clientCode(), ChatEvent.MESSAGE_CREATED, data);
    }

    /** An outbound message moved to a new status. */
    public void messageStatus(Message message) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conversationId", message.conversationId());
        data.put("messageId", message.id());
        data.put("status", message.status());
        data.put("providerMessageId", message.providerMessageId());
        if (message.error() != null && Message.FAILED.equals(message.status())) {
            data.put("error", Map.of("code", String.valueOf(message.error().code()),
                    "message", String.valueOf(message.error().message())));
        }
        data.put("at", Instant.now().toString());
        append(message.clientCode(), ChatEvent.MESSAGE_STATUS, data);
    }

    /** Events of every tenant after {@code seq}, in order (the tailer's read). */
    public List<ChatEvent> after(long seq, int limit) {
        return central.find(Query.query(Criteria.where("seq").gt(seq)).with(Sort.by("seq")).limit(limit),
                ChatEvent.class);
    }

    /** One tenant's events after {@code seq} and at most {@code upTo}, in order (a reconnecting client's replay). */
    public List<ChatEvent> after(String clientCode, long seq, long upTo, int limit) {
        return central.find(Query.query(Criteria.where(ScopedMongo.CLIENT_CODE).is(clientCode)
                .and("seq").gt(seq).lte(upTo)).with(Sort.by("seq")).limit(limit), ChatEvent.class);
    }

    /** The oldest number still kept, or 0 when there are none (below it, a resume would have gaps). */
    public long oldestKept() {
        ChatEvent oldest = central.findOne(new Query().with(Sort.by("seq")).limit(1), ChatEvent.class);
        return oldest == null ? 0 : oldest.seq();
    }

    /** The newest number handed out so far (the counter), 0 before the first event. */
    public long latest() {
        Document counter = central.getCollection(COUNTERS).find(new Document("_id", COUNTER_ID)).first();
        return counter == null ? 0 : ((Number) counter.get("seq")).longValue();
    }
}
