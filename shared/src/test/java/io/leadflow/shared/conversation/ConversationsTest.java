package io.leadflow.shared.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.leadflow.shared.support.InMemoryMongo;
import io.leadflow.shared.config.LeadflowProperties;
import io.leadflow.shared.security.SecretCipher;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.tenant.Tenants;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

class ConversationsTest {

    private static InMemoryMongo mongo;
    private static MongoClient client;
    private static Tenants tenants;

    @BeforeAll
    static void start() {
        mongo = InMemoryMongo.start();
        client = MongoClients.create(mongo.uri());
        tenants = new Tenants(client, new MongoTemplate(client, "services"),
                new LeadflowProperties.Mongo("", "services", "tenant_", ""),
                new SecretCipher("ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM="));
        tenants.onOpen(scope -> Conversations.ensureIndexes(scope.data()));
    }

    @AfterAll
    static void stop() {
        client.close();
        mongo.close();
    }

    @Test
    void aLeadHasOneConversationPerChannel() {
        TenantScope acme = tenants.scope("acme");
        Conversation first = Conversations.open(acme, "lead-1", Channels.WHATSAPP, "+919876543210");
        Conversation again = Conversations.open(acme, "lead-1", Channels.WHATSAPP, "+919876543210");
        Conversation email = Conversations.open(acme, "lead-1", Channels.EMAIL, "asha@example.com");

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(email.id()).isNotEqualTo(first.id());
        assertThat(first.status()).isEqualTo(Conversation.OPEN);
    }

    @Test
    void aSentKeyIsAnsweredFromStorageAndTheConversationShowsTheLastMessage() {
        TenantScope acme = tenants.scope("acme");
        Conversation conversation = Conversations.open(acme, "lead-2", Channels.WHATSAPP, "+919800000002");
        Message draft = Message.outbound("acme", conversation.id(), "lead-2", Channels.WHATSAPP, Message.TYPE_TEMPLATE,
                "phone-1", "+919800000002", "welcome", "en", List.of("Asha"), List.of(), null, null, null, "wf-1:step-1");

        Conversations.Claim first = Conversations.claim(acme, draft);
        assertThat(first.existing()).isFalse();
        assertThat(first.alreadySent()).isFalse();

        Conversations.Claim retryBeforeSent = Conversations.claim(acme, draft);
        assertThat(retryBeforeSent.existing()).isTrue();
        assertThat(retryBeforeSent.alreadySent()).as("pending means the provider may not have it").isFalse();

        Message sent = Conversations.markSent(acme, first.message(), "wamid.ABC");
        assertThat(sent.status()).isEqualTo(Message.SENT);
        assertThat(sent.statuses()).extracting(Message.StatusChange::status).containsExactly(Message.PENDING, Message.SENT);

        Conversations.Claim retryAfterSent = Conversations.claim(acme, draft);
        assertThat(retryAfterSent.alreadySent()).isTrue();
        assertThat(retryAfterSent.message().providerMessageId()).isEqualTo("wamid.ABC");

        Conversation after = Conversations.conversation(acme, conversation.id()).orElseThrow();
        assertThat(after.lastMessagePreview()).isEqualTo("[template welcome]");
        assertThat(after.lastDirection()).isEqualTo(Message.OUTBOUND);
        assertThat(after.lastMessageAt()).isNotNull();
        assertThat(Conversations.messages(acme, conversation.id(), 10)).hasSize(1);
    }

    @Test
    void aPermanentFailureMarksTheMessageFailedAndATransientOneLeavesItPending() {
        TenantScope acme = tenants.scope("acme");
        Conversation conversation = Conversations.open(acme, "lead-3", Channels.EMAIL, "ravi@example.com");
        Message transientOne = Conversations.claim(acme, Message.outbound("acme", conversation.id(), "lead-3",
                Channels.EMAIL, Message.TYPE_EMAIL, "team@acme.test", "ravi@example.com", null, null, null, null,
                "Hello", "text", null, "wf-3:a")).message();
        Message permanentOne = Conversations.claim(acme, Message.outbound("acme", conversation.id(), "lead-3",
                Channels.EMAIL, Message.TYPE_EMAIL, "team@acme.test", "ravi@example.com", null, null, null, null,
                "Hello", "text", null, "wf-3:b")).message();

        Conversations.markFailed(acme, transientOne.id(), "PROVIDER_TRANSIENT", "451 try later", false);
        Conversations.markFailed(acme, permanentOne.id(), "PROVIDER_PERMANENT", "550 no such user", true);

        Message stillPending = Conversations.byIdempotencyKey(acme, "wf-3:a").orElseThrow();
        assertThat(stillPending.status()).isEqualTo(Message.PENDING);
        assertThat(stillPending.error().code()).isEqualTo("PROVIDER_TRANSIENT");
        Message failed = Conversations.byIdempotencyKey(acme, "wf-3:b").orElseThrow();
        assertThat(failed.status()).isEqualTo(Message.FAILED);
        assertThat(failed.error().message()).isEqualTo("550 no such user");
        assertThat(Conversations.claim(acme, failed).alreadySent()).as("a failed message may be sent again").isFalse();
    }

    @Test
    void idempotencyKeysBelongToOneTenant() {
        TenantScope acme = tenants.scope("acme");
        TenantScope globex = tenants.scope("globex");
        Conversation acmeThread = Conversations.open(acme, "lead-4", Channels.WHATSAPP, "+10000000004");
        Message acmeMessage = Conversations.claim(acme, Message.outbound("acme", acmeThread.id(), "lead-4",
                Channels.WHATSAPP, Message.TYPE_TEXT, "p", "+10000000004", null, null, null, null, null, "hi", null,
                "shared-key")).message();
        Conversations.markSent(acme, acmeMessage, "wamid.acme");

        assertThat(Conversations.byIdempotencyKey(globex, "shared-key")).isEmpty();
        Conversation globexThread = Conversations.open(globex, "lead-4", Channels.WHATSAPP, "+10000000004");
        Conversations.Claim globexClaim = Conversations.claim(globex, Message.outbound("globex", globexThread.id(),
                "lead-4", Channels.WHATSAPP, Message.TYPE_TEXT, "p", "+10000000004", null, null, null, null, null, "hi",
                null, "shared-key"));
        assertThat(globexClaim.existing()).isFalse();
        assertThat(globexThread.id()).isNotEqualTo(acmeThread.id());
    }
}
