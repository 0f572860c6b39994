package io.leadflow.shared.conversation;

import io.leadflow.shared.tenant.TenantScope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Delivery receipts for outbound messages: a status only moves a message forward along
 * {@code sent → delivered → read} (receipts arrive out of order, and repeat), and {@code failed} ends it from
 * anywhere but {@code read}. Each move is one conditional update, so exactly one of two racing receipts wins.
 */
public final class MessageStatuses {

    private MessageStatuses() {
    }

    /** What a receipt did. */
    public enum Outcome {
        /** The message moved to the receipt's status. */
        APPLIED,
        /** Nothing to do: the message is already there or further along. */
        IGNORED,
        /** No outbound message of the tenant has this provider id (yet). */
        UNMATCHED
    }

    /**
     * The outcome, with the message as it is afterwards (null when unmatched) and the status it had before.
     */
    public record Applied(Outcome outcome, Message message, String previous) {
    }

    /** The tenant's outbound message with this provider id, if any. */
    public static Optional<Message> byProviderId(TenantScope tenant, String providerMessageId) {
        return tenant.data().findOne(Query.query(Criteria.where("providerMessageId").is(providerMessageId)
                .and("direction").is(Message.OUTBOUND)), Message.class);
    }

    /**
     * Moves the message with {@code providerMessageId} to {@code status} ({@code sent}, {@code delivered},
     * {@code read} or {@code failed}) if that is forward.
     *
     * @param error Meta's error for {@code failed} ({@code code} and text), else null
     */
    public static Applied apply(TenantScope tenant, String providerMessageId, String status, Instant at,
                                Message.MessageError error) {
        int rank = Message.rank(status);
        if (rank < 1) {
            return new Applied(Outcome.IGNORED, null, null);
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Message> found = byProviderId(tenant, providerMessageId);
            if (found.isEmpty()) {
                return new Applied(Outcome.UNMATCHED, null, null);
            }
            Message message = found.get();
            if (!movesForward(message.status(), status)) {
                return new Applied(Outcome.IGNORED, message, message.status());
            }
            Instant now = Instant.now();
            Update update = new Update().set("status", status).set("updatedAt", now)
                    .push("statuses", new Message.StatusChange(status, at == null ? now : at,
                            error == null ? null : error.code() + ": " + error.message()));
            if (error != null) {
                update.set("error", error);
            }
            Optional<Message> moved = tenant.data().findAndModify(Query.query(Criteria.where("_id").is(message.id())
                    .and("status").is(message.status())), update, Message.class);
            if (moved.isPresent()) {
                return new Applied(Outcome.APPLIED, moved.get(), message.status());
            }
            // Another receipt moved it first: look again.
        }
        return new Applied(Outcome.IGNORED, byProviderId(tenant, providerMessageId).orElse(null), null);
    }

    /** Whether going from {@code current} to {@code next} is progress. */
    public static boolean movesForward(String current, String next) {
        if (Message.FAILED.equals(current)) {
            return false;
        }
        if (Message.FAILED.equals(next)) {
            return !Message.READ.equals(current);
        }
        return Message.rank(next) > Message.rank(current);
    }

    /** The statuses a message can move to from {@code current}, for conditional updates elsewhere. */
    public static List<String> before(String next) {
        List<String> earlier = new ArrayList<>();
        for (String candidate : List.of(Message.PENDING, Message.SENT, Message.DELIVERED, Message.READ)) {
            if (movesForward(candidate, next)) {
                earlier.add(candidate);
            }
        }
        return earlier;
    }
}
