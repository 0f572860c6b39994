package io.leadflow.api.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * What one lead event costs in Temporal, read from the real histories: a trigger that creates a lead and enrolls it
 * in a one-step sequence (a delay, then a webhook) stays within 2 workflows, 4 activity tasks and 40 history events.
 */
@ApiIntegrationTest
class HistoryBudgetTest {

    static final int MAX_WORKFLOWS = 2;
    static final int MAX_ACTIVITY_TASKS = 4;
    static final int MAX_EVENTS = 40;

    @LocalServerPort
    int port;

    @Autowired
    WorkflowClient workflows;

    Api api;
    Api.Tenant tenant;
    MockWebServer receiver;

    @BeforeEach
    void setUp() throws Exception {
        api = new Api(port);
        tenant = api.createTenant("budget-" + System.nanoTime() % 1_000_000);
        receiver = new MockWebServer();
        receiver.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        receiver.shutdown();
    }

    private static long count(WorkflowExecutionHistory history, EventType type) {
        return history.getEvents().stream().map(HistoryEvent::getEventType).filter(type::equals).count();
    }

    @Test
    void aTriggerEnrollingANewLeadInAOneStepSequence_staysWithinItsBudget() throws Exception {
        receiver.enqueue(new MockResponse().setResponseCode(204));
        assertThat(api.as(tenant, "POST", "/api/crm/automations", Map.of("name", "Ping the CRM",
                "trigger", "form_submitted", "steps", List.of(Map.of("delay", Map.of("value", 1, "unit", "seconds"),
                        "action", Map.of("type", "webhook", "params", Map.of("url", receiver.url("/hook").toString())))))
        ).status()).isEqualTo(201);

        Api.Response fired = api.as(tenant, "POST", "/api/saas/workflows/trigger", Map.of("trigger", "form_submitted",
                "phone", "+919811100001", "firstName", "Asha", "createLeadIfMissing", true));
        assertThat(fired.status()).isEqualTo(200);
        String eventLogId = fired.data().get("eventLogId").asText();
        String leadId = fired.data().get("leadId").asText();

        RecordedRequest delivered = receiver.takeRequest(30, TimeUnit.SECONDS);
        assertThat(delivered).as("the webhook step ran").isNotNull();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(api.as(tenant, "GET",
                "/api/crm/sequences?leadId=" + leadId, null).data().get(0).get("status").asText()).isEqualTo("completed"));

        // Every workflow this event caused: the trigger's, and what it enrolled. The lead_created event nothing
        // listens to has none.
        JsonNode events = api.as(tenant, "GET", "/api/saas/events?leadId=" + leadId, null).data();
        List<String> workflowIds = new java.util.ArrayList<>();
        for (JsonNode event : events) {
            if (event.hasNonNull("workflowId")) {
                workflowIds.add(event.get("workflowId").asText());
            }
            event.path("enrolledWorkflowIds").forEach(id -> workflowIds.add(id.asText()));
        }
        assertThat(events.findValuesAsString("trigger")).containsExactlyInAnyOrder("form_submitted", "lead_created");
        assertThat(workflowIds).as("only the sequence: an event whose work is one enrollment needs no workflow of its own")
                .singleElement().asString().startsWith("seq:" + tenant.clientCode() + ":" + leadId);
        assertThat(workflowIds).hasSizeLessThanOrEqualTo(MAX_WORKFLOWS);

        int totalEvents = 0;
        long activityTasks = 0;
        StringBuilder report = new StringBuilder();
        for (String workflowId : workflowIds) {
            WorkflowExecutionHistory history = workflows.fetchHistory(workflowId);
            long tasks = count(history, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
            totalEvents += history.getEvents().size();
            activityTasks += tasks;
            report.append(String.format("%s: %d events, %d activity tasks, %d local-activity markers%n", workflowId,
                    history.getEvents().size(), tasks, count(history, EventType.EVENT_TYPE_MARKER_RECORDED)));
        }
        System.out.printf("history budget of one trigger:%n%s  total: %d events, %d activity tasks (budget %d / %d)%n",
                report, totalEvents, activityTasks, MAX_EVENTS, MAX_ACTIVITY_TASKS);
        assertThat(activityTasks).as(report.toString()).isLessThanOrEqualTo(MAX_ACTIVITY_TASKS);
        assertThat(totalEvents).as(report.toString()).isLessThanOrEqualTo(MAX_EVENTS);
    }
}
