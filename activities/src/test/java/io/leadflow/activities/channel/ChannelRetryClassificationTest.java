package io.leadflow.activities.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.activities.callback.CallbackActivitiesImpl;
import io.leadflow.activities.email.EmailActivitiesImpl;
import io.leadflow.activities.whatsapp.WhatsAppActivitiesImpl;
import io.leadflow.contracts.callback.CallbackActivities;
import io.leadflow.contracts.callback.CallbackDelivery;
import io.leadflow.contracts.callback.CallbackResult;
import io.leadflow.contracts.channel.ChannelActivityOptions;
import io.leadflow.contracts.channel.SendResult;
import io.leadflow.contracts.email.EmailActivities;
import io.leadflow.contracts.email.EmailSend;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.whatsapp.WhatsAppActivities;
import io.leadflow.contracts.whatsapp.WhatsAppTemplateSend;
import io.leadflow.shared.conversation.Conversations;
import io.leadflow.shared.conversation.Message;
import io.leadflow.shared.event.CallbackLog;
import io.leadflow.shared.event.EventLogs;
import io.leadflow.shared.lead.ActivityEntry;
import io.leadflow.shared.temporal.TenantContextPropagator;
import io.leadflow.shared.tenant.TenantContext;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The activities and {@link ChannelActivityOptions} together on the Temporal test server (time skipping): permanent
 * failures end the activity after one attempt, transient ones are retried until they succeed, and the tenant travels
 * from the caller through the workflow into the activities by the context propagator.
 */
class ChannelRetryClassificationTest {

    private static final String QUEUE = "channels-test";
    private static ChannelFixture fixture;

    private TestWorkflowEnvironment temporal;
    private MockWebServer remote;
    private String tenant;

    @WorkflowInterface
    public interface SendTemplateWorkflow {
        @WorkflowMethod
        SendResult send(WhatsAppTemplateSend send);
    }

    public static class SendTemplateWorkflowImpl implements SendTemplateWorkflow {
        private final WhatsAppActivities whatsapp =
                Workflow.newActivityStub(WhatsAppActivities.class, ChannelActivityOptions.WHATSAPP);

        @Override
        public SendResult send(WhatsAppTemplateSend send) {
            return whatsapp.sendTemplate(send);
        }
    }

    @WorkflowInterface
    public interface SendEmailWorkflow {
        @WorkflowMethod
        SendResult send(EmailSend send);
    }

    public static class SendEmailWorkflowImpl implements SendEmailWorkflow {
        private final EmailActivities email = Workflow.newActivityStub(EmailActivities.class, ChannelActivityOptions.EMAIL);

        @Override
        public SendResult send(EmailSend send) {
            return email.sendEmail(send);
        }
    }

    @WorkflowInterface
    public interface DeliverCallbackWorkflow {
        @WorkflowMethod
        CallbackResult deliver(CallbackDelivery delivery);
    }

    public static class DeliverCallbackWorkflowImpl implements DeliverCallbackWorkflow {
        private final CallbackActivities callbacks =
                Workflow.newActivityStub(CallbackActivities.class, ChannelActivityOptions.CALLBACK);

        @Override
        public CallbackResult deliver(CallbackDelivery delivery) {
            return callbacks.deliver(delivery);
        }
    }

    @BeforeAll
    static void storage() {
        fixture = new ChannelFixture();
    }

    @AfterAll
    static void closeStorage() {
        fixture.close();
    }

    @BeforeEach
    void start() throws Exception {
        remote = new MockWebServer();
        remote.start();
        tenant = fixture.newTenant(false);
        fixture.credentials(tenant, "whatsapp", "{\"phoneNumberId\":\"1065\",\"accessToken\":\"EAAG\"}");

        temporal = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
                        .setContextPropagators(List.of(new TenantContextPropagator()))
                        .build())
                .build());
        Worker worker = temporal.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(SendTemplateWorkflowImpl.class, SendEmailWorkflowImpl.class,
                DeliverCallbackWorkflowImpl.class);
        worker.registerActivitiesImplementations(
                new WhatsAppActivitiesImpl(fixture.ledger, ChannelFixture.properties(ChannelFixture.channels(
                        remote.url("/").toString(), 80, "http://unused/", "http://unused/token", false))),
                new EmailActivitiesImpl(fixture.ledger, fixture.unsubscribe),
                new CallbackActivitiesImpl(fixture.ledger, fixture.directory, ChannelFixture.properties(
                        ChannelFixture.channels("http://unused/", 80, "http://unused/", "http://unused/token", true))));
        temporal.start();
        TenantContext.set(tenant); // the API's request thread knows its tenant; the propagator carries it on
    }

    @AfterEach
    void stop() throws Exception {
        TenantContext.clear();
        temporal.close();
        remote.shutdown();
    }

    @Test
    void whenMetaSaysTemplateUnknown_temporalMakesOneAttemptAndTheWorkflowSeesAPermanentFailure() {
        remote.enqueue(new MockResponse().setResponseCode(404).setBody(
                "{\"error\":{\"message\":\"Template name does not exist in the translation\",\"code\":132001}}"));
        remote.enqueue(accepted("wamid.never"));

        assertThatThrownBy(() -> workflow(SendTemplateWorkflow.class).send(template("wf-a:1")))
                .isInstanceOf(WorkflowFailedException.class)
                .rootCause().isInstanceOfSatisfying(ApplicationFailure.class,
                        failure -> assertThat(failure.getType()).isEqualTo(ErrorCode.PROVIDER_PERMANENT.name()));
        assertThat(remote.getRequestCount()).isEqualTo(1);
    }

    @Test
    void whenMetaIsBrieflyDown_temporalRetriesUntilTheMessageIsSent_once() {
        remote.enqueue(new MockResponse().setResponseCode(503));
        remote.enqueue(new MockResponse().setResponseCode(429).setBody("{\"error\":{\"code\":130429}}")
                .setHeader("Retry-After", "5"));
        remote.enqueue(accepted("wamid.third-time"));

        SendResult result = workflow(SendTemplateWorkflow.class).send(template("wf-b:1"));

        assertThat(result.providerMessageId()).isEqualTo("wamid.third-time");
        assertThat(remote.getRequestCount()).isEqualTo(3);
        Message stored = Conversations.byIdempotencyKey(fixture.scope(tenant), "wf-b:1").orElseThrow();
        assertThat(stored.status()).isEqualTo(Message.SENT);
        assertThat(stored.attempts()).isEqualTo(3);
    }

    @Test
    void whenSmtpIsNotConfigured_temporalDoesNotRetry() {
        assertThatThrownBy(() -> workflow(SendEmailWorkflow.class).send(
                new EmailSend(tenant, "lead-1", "asha@example.com", "Hi", "Hello", null, "wf-c:1")))
                .isInstanceOf(WorkflowFailedException.class)
                .cause().isInstanceOfSatisfying(ActivityFailure.class, activity -> {
                    assertThat(activity.getCause()).isInstanceOfSatisfying(ApplicationFailure.class,
                            failure -> assertThat(failure.getType()).isEqualTo(ErrorCode.PROVIDER_NOT_CONFIGURED.name()));
                });
        assertThat(fixture.scope(tenant).data().find(new org.springframework.data.mongodb.core.query.Query(),
                ActivityEntry.class)).as("one attempt, one entry on the lead").hasSize(1);
    }

    @Test
    void whenAWorkflowOfOneTenantCarriesAnotherTenantsPayload_theActivityRefusesItAndNothingIsSent() {
        TenantContext.set("another-tenant"); // the header the propagator carries says: this is another tenant's work
        remote.enqueue(accepted("wamid.must-not-happen"));

        assertThatThrownBy(() -> workflow(SendTemplateWorkflow.class).send(template("wf-x:1")))
                .isInstanceOf(WorkflowFailedException.class)
                .rootCause().isInstanceOfSatisfying(ApplicationFailure.class,
                        failure -> assertThat(failure.getType()).isEqualTo(ErrorCode.FORBIDDEN.name()));
        assertThat(remote.getRequestCount()).isZero();
    }

    @Test
    void whenTheReceiverFailsTwice_theCallbackIsRetriedUnderOneWebhookId_andEveryAttemptIsLogged() throws Exception {
        remote.enqueue(new MockResponse().setResponseCode(500));
        remote.enqueue(new MockResponse().setResponseCode(502));
        remote.enqueue(new MockResponse().setResponseCode(200));

        CallbackResult result = workflow(DeliverCallbackWorkflow.class).deliver(callback("evt-d"));

        assertThat(result).isEqualTo(new CallbackResult(200, 3));
        List<String> webhookIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RecordedRequest request = remote.takeRequest();
            webhookIds.add(request.getHeader("webhook-id"));
        }
        assertThat(webhookIds).containsOnly("msg_evt-d_callback");
        List<CallbackLog> log = EventLogs.callbacks(fixture.scope(tenant), "evt-d");
        assertThat(log).extracting(CallbackLog::attempt).containsExactly(1, 2, 3);
        assertThat(log).extracting(CallbackLog::outcome).containsExactly("retrying", "retrying", "delivered");
        assertThat(log).extracting(CallbackLog::statusCode).containsExactly(500, 502, 200);
    }

    @Test
    void whenTheReceiverSaysGone_temporalStopsAfterOneAttempt() {
        remote.enqueue(new MockResponse().setResponseCode(410));
        remote.enqueue(new MockResponse().setResponseCode(200));

        assertThatThrownBy(() -> workflow(DeliverCallbackWorkflow.class).deliver(callback("evt-e")))
                .isInstanceOf(WorkflowFailedException.class);
        assertThat(remote.getRequestCount()).isEqualTo(1);
        assertThat(EventLogs.callbacks(fixture.scope(tenant), "evt-e")).extracting(CallbackLog::outcome)
                .containsExactly("failed");
    }

    @Test
    void whenTheReceiverIsDownForTheWholeRetryWindow_theCallbackGivesUpAsItCloses_andItsLastRowSaysFailed() {
        for (int i = 0; i < 60; i++) {
            remote.enqueue(new MockResponse().setResponseCode(503));
        }

        assertThatThrownBy(() -> workflow(DeliverCallbackWorkflow.class).deliver(callback("evt-f")))
                .isInstanceOf(WorkflowFailedException.class)
                .cause().isInstanceOfSatisfying(ActivityFailure.class, activity -> {
                    assertThat(activity.getRetryState())
                            .as("the activity ended it, as the configured 24 h window closed, not Temporal's outer bound")
                            .isEqualTo(RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE);
                    assertThat(((ApplicationFailure) activity.getCause()).getType())
                            .isEqualTo(ErrorCode.RETRY_WINDOW_CLOSED.name());
                });

        List<CallbackLog> log = EventLogs.callbacks(fixture.scope(tenant), "evt-f");
        assertThat(log).as("30 s doubling to hourly attempts: about 30 in 24 h").hasSizeBetween(25, 35);
        assertThat(log).extracting(CallbackLog::attempt).isSorted().doesNotHaveDuplicates();
        assertThat(log.subList(0, log.size() - 1)).extracting(CallbackLog::outcome).containsOnly("retrying");
        CallbackLog last = log.get(log.size() - 1);
        assertThat(last.outcome()).isEqualTo("failed");
        assertThat(last.statusCode()).isEqualTo(503);
        assertThat(last.error()).isEqualTo("receiver answered HTTP 503; retry window of 24 h closes before another attempt");
    }

    private <T> T workflow(Class<T> type) {
        return temporal.getWorkflowClient().newWorkflowStub(type, WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE)
                .setWorkflowId(type.getSimpleName() + "-" + tenant)
                .build());
    }

    private WhatsAppTemplateSend template(String key) {
        return new WhatsAppTemplateSend(tenant, "lead-1", "+919876543210", "welcome", "en", List.of("Asha"), List.of(), key);
    }

    private CallbackDelivery callback(String eventLogId) {
        return new CallbackDelivery(tenant, eventLogId, "msg_" + eventLogId + "_callback", remote.url("/hook").toString(),
                Map.of("type", "trigger.completed", "eventLogId", eventLogId));
    }

    private static MockResponse accepted(String wamid) {
        return new MockResponse().setBody("{\"messages\":[{\"id\":\"" + wamid + "\"}]}");
    }
}
