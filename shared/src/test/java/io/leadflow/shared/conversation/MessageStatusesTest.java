package io.leadflow.shared.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.shared.support.EmbeddedStore;
import io.leadflow.shared.tenant.TenantScope;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Receipts move an outbound message forward only, whatever order Meta sends them in; inbound messages dedupe. */
class MessageStatusesTest {

    private final TenantScope acme = EmbeddedStore.get().newTenant("statuses");

    private Message sent(String wamid) {
        Conversation conversation = Conversations.open(acme, "lead-" + wamid, Channels.WHATSAPP, "+919876543210");
        Message claimed = Conversations.claim(acme, Message.outbound(acme.clientCode(), conversation.id(), "lead-" + wamid,
                Channels.WHATSAPP, Message.TYPE_TEMPLATE, "p", "+919876543210", "t", "en", List.of(), List.of(), null,
                null, null, "key-" + wamid)).message();
        return Conversations.markSent(acme, claimed, wamid);
    }

    @Test
    void receiptsOutOfOrder_endAtTheFurthestStatus_andRepeatsChangeNothing() {
        sent("wamid.1");

        assertThat(MessageStatuses.apply(acme, "wamid.1", "read", Instant.now(), null).outcome())
                .isEqualTo(MessageStatuses.Outcome.APPLIED);
        assertThat(MessageStatuses.apply(acme, "wamid.1", "delivered", Instant.now(), null).outcome())
                .isEqualTo(MessageStatuses.Outcome.IGNORED);
        assertThat(MessageStatuses.apply(acme, "wamid.1", "read", Instant.now(), null).outcome())
                .isEqualTo(MessageStatuses.Outcome.IGNORED);
        assertThat(MessageStatuses.apply(acme, "wamid.1", "failed", Instant.now(), null).outcome())
                .as("a read message can't fail any more").isEqualTo(MessageStatuses.Outcome.IGNORED);
        Message message = MessageStatuses.byProviderId(acme, "wamid.1").orElseThrow();
        assertThat(message.status()).isEqualTo(Message.READ);
        assertThat(message.statuses()).extracting(Message.StatusChange::status).containsExactly("pending", "sent", "read");
    }

    @Test
    void aFailureAfterDelivery_isRecordedWithMetasError_andUnknownIdsAreUnmatched() {
        sent("wamid.2");
        MessageStatuses.apply(acme, "wamid.2", "delivered", Instant.now(), null);

        MessageStatuses.Applied failed = MessageStatuses.apply(acme, "wamid.2", "failed", Instant.now(),
                new Message.MessageError("META_131026", "Message Undeliverable.", Instant.now()));

        assertThat(failed.outcome()).isEqualTo(MessageStatuses.Outcome.APPLIED);
        assertThat(failed.previous()).isEqualTo(Message.DELIVERED);
        assertThat(failed.message().error().code()).isEqualTo("META_131026");
        assertThat(MessageStatuses.apply(acme, "wamid.nobody", "delivered", Instant.now(), null).outcome())
                .isEqualTo(MessageStatuses.Outcome.UNMATCHED);
        assertThat(MessageStatuses.apply(acme, "wamid.2", "deleted", Instant.now(), null).outcome())
                .as("a status Leadflow does not track").isEqualTo(MessageStatuses.Outcome.IGNORED);
    }

    @Test
    void anInboundMessage_isStoredOncePerWamid_andCountsOneUnread() {
        Conversation conversation = Conversations.open(acme, "lead-in", Channels.WHATSAPP, "+919800000001");
        Message draft = Message.inbound(acme.clientCode(), conversation.id(), "lead-in", "text", "+919800000001",
                "106540352242922", "hi", null, "wamid.in-1", Instant.parse("2026-12-01T10:00:00Z"));

        InboundMessages.Recorded first = InboundMessages.record(acme, draft);
        InboundMessages.Recorded again = InboundMessages.record(acme, draft);

        assertThat(first.duplicate()).isFalse();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.message().id()).isEqualTo(first.message().id());
        Conversation after = Conversations.conversation(acme, conversation.id()).orElseThrow();
        assertThat(after.unreadCount()).isEqualTo(1);
        assertThat(after.lastInboundAt()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(after.lastDirection()).isEqualTo(Message.INBOUND);
        assertThat(Conversations.markRead(acme, conversation.id()).orElseThrow().unreadCount()).isZero();
    }
}
