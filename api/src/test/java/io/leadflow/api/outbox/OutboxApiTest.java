package io.leadflow.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import io.leadflow.shared.outbox.Outbox;
import io.leadflow.shared.outbox.OutboxMessage;
import io.leadflow.shared.tenant.Tenants;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@ApiIntegrationTest
class OutboxApiTest {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void aSandboxTenantSeesItsOwnOutboxNewestFirst_filteredByChannelAndLead() {
        Api.Tenant acme = api.createTenant("outbox-acme", true);
        Api.Tenant globex = api.createTenant("outbox-globex", true);
        write("outbox-acme", "whatsapp", "lead-1", "k1", "2025-03-01T10:00:00Z");
        write("outbox-acme", "email", "lead-1", "k2", "2025-03-01T11:00:00Z");
        write("outbox-acme", "whatsapp", "lead-2", "k3", "2025-03-01T12:00:00Z");
        write("outbox-globex", "whatsapp", "lead-1", "g1", "2025-03-01T13:00:00Z");

        Api.Response all = api.as(acme, "GET", "/api/saas/outbox", null);
        assertThat(all.status()).isEqualTo(200);
        assertThat(keys(all.data())).containsExactly("k3", "k2", "k1");
        assertThat(all.data().get(0).path("templateName").asText()).isEqualTo("welcome");
        assertThat(all.data().get(0).has("idempotencyScope")).as("storage internals stay inside").isFalse();

        assertThat(keys(api.as(acme, "GET", "/api/saas/outbox?channel=whatsapp", null).data())).containsExactly("k3", "k1");
        assertThat(keys(api.as(acme, "GET", "/api/saas/outbox?leadId=lead-1", null).data())).containsExactly("k2", "k1");
        assertThat(keys(api.as(acme, "GET", "/api/saas/outbox?limit=1", null).data())).containsExactly("k3");
        assertThat(keys(api.as(globex, "GET", "/api/saas/outbox", null).data())).containsExactly("g1");
    }

    @Test
    void badFiltersAnswer400_andNoApiKeyAnswers401() {
        Api.Tenant tenant = api.createTenant("outbox-filters", true);

        Api.Response badChannel = api.as(tenant, "GET", "/api/saas/outbox?channel=sms", null);
        assertThat(badChannel.status()).isEqualTo(400);
        assertThat(badChannel.errorCode()).isEqualTo("VALIDATION_FAILED");
        assertThat(api.as(tenant, "GET", "/api/saas/outbox?limit=0", null).status()).isEqualTo(400);
        assertThat(api.as(tenant, "GET", "/api/saas/outbox?limit=201", null).status()).isEqualTo(400);
        assertThat(api.send("GET", "/api/saas/outbox", null, java.util.Map.of()).status()).isEqualTo(401);
    }

    private void write(String clientCode, String channel, String leadId, String key, String at) {
        Outbox.record(tenants.scope(clientCode), new OutboxMessage(null, clientCode, channel, leadId,
                channel.equals("email") ? "asha@example.com" : "+919876543210",
                channel.equals("email") ? null : "welcome", channel.equals("email") ? null : "en",
                channel.equals("email") ? null : List.of("Asha"), null,
                channel.equals("email") ? "Welcome" : null, channel.equals("email") ? "Hi" : null, null,
                key, clientCode + ":" + key, "sandbox-" + key, Instant.parse(at), null));
    }

    private static List<String> keys(JsonNode data) {
        return data.findValuesAsString("idempotencyKey");
    }
}
