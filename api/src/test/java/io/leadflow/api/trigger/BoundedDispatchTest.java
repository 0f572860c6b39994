package io.leadflow.api.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadflow.api.LeadflowApiApplication;
import io.leadflow.api.support.Api;
import io.leadflow.api.support.EngineTestConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * The answer time of a trigger is bounded: when the engine takes longer than {@code dispatch-wait} (here 1 ms, so
 * always), the API answers 202 with what it planned, and the dispatch still completes the event.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = {LeadflowApiApplication.class, EngineTestConfiguration.class},
        properties = "leadflow.temporal.dispatch-wait=1ms")
@ActiveProfiles("it")
class BoundedDispatchTest {

    @LocalServerPort
    int port;

    @Test
    void aBusyEngine_makesTheAnswerA202_andTheEventStillCompletes() {
        Api api = new Api(port);
        Api.Tenant tenant = api.createTenant("bounded-" + System.nanoTime() % 1_000_000);
        assertThat(api.as(tenant, "POST", "/api/crm/automations", Map.of("name", "Tag", "trigger", "signed_up",
                "steps", List.of(Map.of("action", Map.of("type", "add_tag", "params", Map.of("tag", "new"))))))
                .status()).isEqualTo(201);

        Api.Response fired = api.as(tenant, "POST", "/api/saas/workflows/trigger", Map.of("trigger", "signed_up",
                "phone", "+919844000001", "createLeadIfMissing", true));

        assertThat(fired.status()).isEqualTo(202);
        assertThat(fired.data().get("status").asText()).isEqualTo("processing");
        assertThat(fired.data().get("rulesMatched").asInt()).isEqualTo(1);
        String eventLogId = fired.data().get("eventLogId").asText();
        String leadId = fired.data().get("leadId").asText();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode event = api.as(tenant, "GET", "/api/saas/events/" + eventLogId, null).data();
            assertThat(event.get("status").asText()).isEqualTo("completed");
            assertThat(event.get("enrolledWorkflowIds")).hasSize(1);
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                api.as(tenant, "GET", "/api/crm/leads/" + leadId, null).data().get("tags").toString()).contains("new"));
    }
}
