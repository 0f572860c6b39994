package io.leadflow.api.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import io.leadflow.shared.security.WebhookSigner;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A client site's receiver gets a Standard Webhooks-signed callback it can verify, and every attempt is logged. */
@ApiIntegrationTest
class SignedCallbackTest {

    @LocalServerPort
    int port;

    @Autowired
    WorkflowClient workflows;

    MockWebServer receiver;
    Api api;

    @BeforeEach
    void setUp() throws Exception {
        receiver = new MockWebServer();
        receiver.start();
        api = new Api(port);
    }

    @AfterEach
    void tearDown() throws Exception {
        receiver.shutdown();
    }

    @Test
    void callbackIsSignedWithTheTenantSecret_retriedWithTheSameId_andLogged() throws Exception {
        Api.Tenant tenant = api.createTenant("hooked-" + System.nanoTime() % 1_000_000);
        api.allowCallbacksTo(tenant, receiver.url("/").toString());
        receiver.enqueue(new MockResponse().setResponseCode(503));
        receiver.enqueue(new MockResponse().setResponseCode(200));

        Api.Response fired = api.as(tenant, "POST", "/api/saas/workflows/trigger", Map.of(
                "trigger", "order_paid", "phone", "+919811112222", "createLeadIfMissing", true,
                "callbackUrl", receiver.url("/hooks/leadflow").toString(),
                "callbackMetadata", Map.of("orderId", "A-1001")));
        String eventLogId = fired.data().get("eventLogId").asText();

        RecordedRequest first = receiver.takeRequest(60, TimeUnit.SECONDS);
        RecordedRequest second = receiver.takeRequest(90, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        String body = second.getBody().readUtf8();
        String id = second.getHeader(WebhookSigner.HEADER_ID);
        long timestamp = Long.parseLong(second.getHeader(WebhookSigner.HEADER_TIMESTAMP));
        assertThat(first.getHeader(WebhookSigner.HEADER_ID)).isEqualTo(id);
        assertThat(WebhookSigner.verify(tenant.webhookSecret(), id, timestamp, body,
                second.getHeader(WebhookSigner.HEADER_SIGNATURE))).isTrue();
        assertThat(WebhookSigner.verify("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]), id,
                timestamp, body, second.getHeader(WebhookSigner.HEADER_SIGNATURE))).isFalse();
        JsonNode payload = JsonMapper.builder().build().readTree(body);
        assertThat(payload.get("eventLogId").asText()).isEqualTo(eventLogId);
        assertThat(payload.get("trigger").asText()).isEqualTo("order_paid");
        assertThat(payload.path("metadata").path("orderId").asText()).isEqualTo("A-1001");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode attempts = api.as(tenant, "GET", "/api/saas/events/" + eventLogId + "/callbacks", null).data();
            assertThat(attempts).hasSize(2);
            assertThat(attempts.get(0).get("statusCode").asInt()).isEqualTo(503);
            assertThat(attempts.get(1).get("outcome").asText()).isEqualTo("delivered");
        });
    }

    @Test
    void theTriggerWorkflow_readsInTheTemporalUiAsTheEventItCarries_withoutTheCallbacksPath() {
        Api.Tenant tenant = api.createTenant("readable-" + System.nanoTime() % 1_000_000);
        api.allowCallbacksTo(tenant, receiver.url("/").toString());
        receiver.enqueue(new MockResponse().setResponseCode(200));

        Api.Response fired = api.as(tenant, "POST", "/api/saas/workflows/trigger", Map.of(
                "trigger", "order_paid", "phone", "+919811113333", "firstName", "Ravi", "createLeadIfMissing", true,
                "callbackUrl", receiver.url("/hooks/secret-token-123").toString()));
        String workflowId = fired.data().get("workflowId").asText();
        String eventLogId = fired.data().get("eventLogId").asText();

        WorkflowExecutionDescription described = workflows.newUntypedWorkflowStub(workflowId).describe();
        assertThat(described.getStaticSummary()).isEqualTo("order_paid · Ravi +919811113333 · 0 enrollment(s)");
        assertThat(described.getStaticDetails())
                .contains("**Trigger** `order_paid` · event `" + eventLogId + "`")
                .contains("**Lead** Ravi +919811113333 (`" + fired.data().get("leadId").asText() + "`)")
                .contains("signed callback to http://" + receiver.getHostName() + ":" + receiver.getPort())
                .contains("**Tenant** `" + tenant.clientCode() + "`")
                .doesNotContain("secret-token-123");
    }

    @Test
    void callbackUrlWithCredentialsOrBadScheme_isRefusedOnSave() {
        Api.Tenant tenant = api.createTenant("strict-" + System.nanoTime() % 1_000_000);
        for (String url : java.util.List.of("ftp://example.com/x", "https://user:pw@example.com/hook")) {
            Api.Response response = api.as(tenant, "POST", "/api/saas/workflows/trigger", Map.of(
                    "trigger", "order_paid", "phone", "+919811112222", "createLeadIfMissing", true, "callbackUrl", url));
            assertThat(response.status()).as(url).isEqualTo(400);
            assertThat(response.body().path("error").path("message").asText()).contains("callbackUrl");
        }
    }
}
