package io.leadflow.shared.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.leadflow.shared.support.InMemoryMongo;
import io.leadflow.shared.config.LeadflowProperties;
import io.leadflow.shared.conversation.Channels;
import io.leadflow.shared.security.SecretCipher;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.tenant.Tenants;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

class OutboxTest {

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
        tenants.onOpen(scope -> Outbox.ensureIndexes(scope.data()));
    }

    @AfterAll
    static void stop() {
        client.close();
        mongo.close();
    }

    @Test
    void aRetriedSendWritesOneOutboxRow() {
        TenantScope acme = tenants.scope("acme");
        OutboxMessage row = whatsapp("acme", "lead-1", "k-1", Instant.parse("2025-01-01T10:00:00Z"));

        Outbox.Recorded first = Outbox.record(acme, row);
        Outbox.Recorded retry = Outbox.record(acme, row);

        assertThat(first.duplicate()).isFalse();
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.message().id()).isEqualTo(first.message().id());
        assertThat(Outbox.list(acme, null, "lead-1", 50)).hasSize(1);
    }

    @Test
    void theListIsNewestFirstFilteredAndTenantScoped() {
        TenantScope acme = tenants.scope("acme-list");
        TenantScope globex = tenants.scope("globex-list");
        Outbox.record(acme, whatsapp("acme-list", "lead-a", "a-1", Instant.parse("2025-01-01T10:00:00Z")));
        Outbox.record(acme, whatsapp("acme-list", "lead-a", "a-2", Instant.parse("2025-01-01T11:00:00Z")));
        Outbox.record(acme, email("acme-list", "lead-b", "a-3", Instant.parse("2025-01-01T12:00:00Z")));
        Outbox.record(globex, whatsapp("globex-list", "lead-a", "g-1", Instant.parse("2025-01-01T13:00:00Z")));

        assertThat(Outbox.list(acme, null, null, 50)).extracting(OutboxMessage::idempotencyKey)
                .containsExactly("a-3", "a-2", "a-1");
        assertThat(Outbox.list(acme, Channels.WHATSAPP, null, 50)).extracting(OutboxMessage::idempotencyKey)
                .containsExactly("a-2", "a-1");
        assertThat(Outbox.list(acme, null, "lead-b", 50)).extracting(OutboxMessage::subject).containsExactly("Welcome");
        assertThat(Outbox.list(acme, null, null, 1)).extracting(OutboxMessage::idempotencyKey).containsExactly("a-3");
        assertThat(Outbox.list(globex, null, null, 50)).extracting(OutboxMessage::idempotencyKey).containsExactly("g-1");
        assertThat(Outbox.byIdempotencyKey(globex, "a-1")).isEmpty();
    }

    private static OutboxMessage whatsapp(String clientCode, String leadId, String key, Instant at) {
        return new OutboxMessage(null, clientCode, Channels.WHATSAPP, leadId, "+919876543210", "welcome", "en",
                List.of("Asha"), List.of(), null, null, null, key, clientCode + ":" + key, "sandbox-" + key, at, null);
    }

    private static OutboxMessage email(String clientCode, String leadId, String key, Instant at) {
        return new OutboxMessage(null, clientCode, Channels.EMAIL, leadId, "asha@example.com", null, null, null, null,
                "Welcome", "Hi Asha", "<p>Hi Asha</p>", key, clientCode + ":" + key, "<sandbox-" + key + ">", at, null);
    }
}
