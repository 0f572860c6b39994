package io.leadflow.api.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Logs are JSON lines (Spring Boot's structured logging, Elastic Common Schema) whose tenant, event, lead and workflow
 * each appear under one name — in the api's lines and in the worker's (its activities run in this test's process),
 * where the Temporal SDK's own {@code WorkflowId} reads {@code workflowId} too.
 */
@ApiIntegrationTest
@ConfiguredOperationsTest.Settings
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogsTest {

    @LocalServerPort
    int port;

    @Test
    void aTriggersLogLines_nameItsTenantEventLeadAndWorkflow_underOneKeyEach(CapturedOutput output) throws Exception {
        Api api = new Api(port);
        Api.Tenant tenant = api.createTenant("logs-" + System.nanoTime() % 1_000_000);
        try (MockWebServer receiver = new MockWebServer()) {
            receiver.enqueue(new MockResponse().setResponseCode(200));
            receiver.start();
            String url = receiver.url("/hook").toString();
            api.allowCallbacksTo(tenant, url);

            Api.Response fired = api.as(tenant, "POST", "/api/saas/workflows/trigger", Map.of("trigger", "signed_up",
                    "phone", "+919822200001", "createLeadIfMissing", true, "callbackUrl", url));
            String eventLogId = fired.data().get("eventLogId").asText();
            String leadId = fired.data().get("leadId").asText();
            String workflowId = fired.data().get("workflowId").asText();

            JsonNode accepted = await().atMost(Duration.ofSeconds(20)).until(
                    () -> line(output, "trigger signed_up", eventLogId), line -> line != null);
            assertThat(accepted.path("clientCode").asText()).isEqualTo(tenant.clientCode());
            assertThat(accepted.path("leadId").asText()).isEqualTo(leadId);
            assertThat(accepted.path("workflowId").asText()).isEqualTo(workflowId);

            JsonNode delivered = await().atMost(Duration.ofSeconds(20)).until(
                    () -> line(output, "callback delivered", eventLogId), line -> line != null);
            assertThat(delivered.path("clientCode").asText()).isEqualTo(tenant.clientCode());
            assertThat(delivered.path("workflowId").asText()).as("the SDK's WorkflowId, renamed").isEqualTo(workflowId);
            assertThat(delivered.has("WorkflowId")).isFalse();
            assertThat(delivered.path("activityType").asText()).isEqualTo("CallbackDeliver");
        }
    }

    /** The JSON log line whose message starts with {@code message} and whose eventLogId is {@code eventLogId}. */
    private static JsonNode line(CapturedOutput output, String message, String eventLogId) {
        List<String> lines = output.getOut().lines().filter(line -> line.startsWith("{")).toList();
        for (String line : lines) {
            JsonNode json = JsonMapper.shared().readTree(line);
            if (json.path("message").asText().startsWith(message) && eventLogId.equals(json.path("eventLogId").asText())) {
                return json;
            }
        }
        return null;
    }
}
