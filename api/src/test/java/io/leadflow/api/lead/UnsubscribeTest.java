package io.leadflow.api.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import io.leadflow.shared.lead.UnsubscribeTokens;
import io.leadflow.shared.outbox.OutboxMessage;
import io.leadflow.shared.tenant.Tenants;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;

/**
 * An e-mail's unsubscribe link: GET only shows a button (link scanners must not unsubscribe anyone), POST opts exactly
 * the token's lead out of e-mail, and the next e-mail step is skipped with OPTED_OUT. A forged token changes nothing.
 */
@ApiIntegrationTest
class UnsubscribeTest {

    @LocalServerPort
    int port;

    @Autowired
    UnsubscribeTokens tokens;

    @Autowired
    Tenants tenants;

    @Test
    void theOneClickLink_optsTheLeadOutOfEmail_andTheNextEmailStepIsSkipped() {
        Api api = new Api(port);
        Api.Tenant acme = api.createTenant("unsub-" + System.nanoTime() % 1_000_000);
        String leadId = api.as(acme, "POST", "/api/crm/leads", Map.of("email", "asha@example.com", "phone",
                "+919866600001")).data().get("id").asText();
        String token = tokens.issue(acme.clientCode(), leadId);

        Api.Response page = api.send("GET", "/api/saas/unsubscribe/" + token, null, Map.of());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw().body()).contains("<form method=\"post\">");
        assertThat(api.as(acme, "GET", "/api/crm/leads/" + leadId, null).data().path("optOut").path("email").asBoolean())
                .as("a GET unsubscribes no one").isFalse();
        Api.Response forged = api.sendRaw("POST", "/api/saas/unsubscribe/" + token.substring(0, token.length() - 3) + "AAA",
                "List-Unsubscribe=One-Click", Map.of("content-type", "application/x-www-form-urlencoded"));
        assertThat(forged.status()).isEqualTo(400);

        Api.Response done = api.sendRaw("POST", "/api/saas/unsubscribe/" + token, "List-Unsubscribe=One-Click",
                Map.of("content-type", "application/x-www-form-urlencoded"));

        assertThat(done.status()).isEqualTo(200);
        JsonNode lead = api.as(acme, "GET", "/api/crm/leads/" + leadId, null).data();
        assertThat(lead.path("optOut").path("email").asBoolean()).isTrue();
        assertThat(lead.path("optOut").path("whatsapp").asBoolean()).as("only e-mail").isFalse();
        assertThat(api.as(acme, "GET", "/api/crm/leads/" + leadId + "/activities", null).data()
                .findValuesAsString("type")).contains("opted_out");

        String ruleId = api.as(acme, "POST", "/api/crm/automations", Map.of("name", "News", "trigger", "news",
                "steps", List.of(Map.of("action", Map.of("type", "send_email", "params",
                        Map.of("subject", "News", "body", "Hello")))))).data().get("id").asText();
        api.as(acme, "POST", "/api/crm/automations/events", Map.of("trigger", "news", "leadId", leadId));
        String workflowId = "seq:" + acme.clientCode() + ":" + leadId + ":rule:" + ruleId;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.as(acme, "GET",
                "/api/crm/sequences/" + workflowId, null).body().path("data").path("steps").path(0).path("result").path("code").asText())
                .isEqualTo("OPTED_OUT"));
        assertThat(tenants.scope(acme.clientCode()).data().find(Query.query(Criteria.where("leadId").is(leadId)),
                OutboxMessage.class)).isEmpty();
    }
}
