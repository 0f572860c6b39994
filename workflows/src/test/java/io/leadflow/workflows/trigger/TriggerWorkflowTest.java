package io.leadflow.workflows.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.withSettings;

import io.leadflow.activities.callback.CallbackActivities;
import io.leadflow.activities.callback.CallbackResult;
import io.leadflow.activities.meet.MeetActivities;
import io.leadflow.activities.meet.MeetResult;
import io.leadflow.activities.sequence.EnrollmentActivities;
import io.leadflow.activities.sequence.EnrollmentOutcome;
import io.leadflow.activities.trigger.TriggerActivities;
import io.leadflow.activities.trigger.TriggerPlan;
import io.leadflow.shared.engine.TriggerInput;
import io.leadflow.shared.error.ErrorCode;
import io.leadflow.shared.rule.Action;
import io.leadflow.shared.rule.AutomationRule;
import io.leadflow.shared.rule.Step;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class TriggerWorkflowTest {

    TestWorkflowEnvironment env;
    TriggerActivities events;
    EnrollmentActivities enrollment;
    MeetActivities meet;
    CallbackActivities callbacks;

    static final AutomationRule RULE = new AutomationRule("rule-1", "acme", "Follow-up", null, "appointment_confirmed",
            true, null, List.of(new Step("s1", null, null, null, null, new Action("add_tag", Map.of("tag", "x")))),
            List.of(), AutomationRule.NEVER, null, 3, Instant.EPOCH, Instant.EPOCH);

    @BeforeEach
    void setUp() {
        env = TestWorkflowEnvironment.newInstance();
        Worker worker = env.newWorker("q");
        worker.registerWorkflowImplementationTypes(TriggerWorkflowImpl.class);
        events = mock(TriggerActivities.class, withSettings().withoutAnnotations());
        enrollment = mock(EnrollmentActivities.class, withSettings().withoutAnnotations());
        doReturn(new EnrollmentOutcome("seq:acme:lead-1:rule:rule-1", true, null)).when(enrollment).enroll(any(), anyString());
        meet = mock(MeetActivities.class, withSettings().withoutAnnotations());
        callbacks = mock(CallbackActivities.class, withSettings().withoutAnnotations());
        worker.registerActivitiesImplementations(events, enrollment, meet, callbacks);
        env.start();
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    private TriggerWorkflow workflow() {
        return env.getWorkflowClient().newWorkflowStub(TriggerWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue("q").setWorkflowId("trigger:acme:event-1").build());
    }

    private static TriggerInput input(int delayMinutes) {
        return new TriggerInput("acme", "event-1", "appointment_confirmed", "api", "lead-1",
                Map.of("service", "cleaning"), null, null, null, delayMinutes, 0);
    }

    @Test
    void matchedRule_enrollsTheLeadAfterTellingItsRunningSequences_thenCompletesTheEvent() {
        doReturn(new TriggerPlan("lead-1", List.of(RULE), Map.of(), "Asia/Kolkata")).when(events).begin(any());

        TriggerResult result = workflow().run(input(0));

        assertThat(result.rulesMatched()).isEqualTo(1);
        assertThat(result.enrolledWorkflowIds()).containsExactly("seq:acme:lead-1:rule:rule-1");
        InOrder order = inOrder(events, enrollment);
        order.verify(events).begin(any());
        order.verify(events).recordAcceptance(eq("acme"), eq("event-1"), argThat(a -> a.rulesMatched() == 1));
        order.verify(enrollment).notifyLeadSequences(eq("acme"), eq("lead-1"),
                argThat(e -> e.name().equals("appointment_confirmed")));
        order.verify(enrollment).enroll(argThat(s -> s.rule().version() == 3 && s.sequenceKey().equals("rule:rule-1")
                && s.tenantTimezone().equals("Asia/Kolkata") && s.variables().get("service").equals("cleaning")),
                eq(AutomationRule.NEVER));
        order.verify(events).complete(eq("acme"), eq("event-1"), anyString());
    }

    @Test
    void delayMinutes_holdsEnrollmentOnADurableTimer() {
        doReturn(new TriggerPlan("lead-1", List.of(RULE), Map.of(), "UTC")).when(events).begin(any());
        long started = env.currentTimeMillis();
        TriggerWorkflow workflow = workflow();
        WorkflowClient.start(workflow::run, input(90));
        env.sleep(Duration.ofMinutes(60));
        verify(enrollment, never()).enroll(any(), anyString());
        assertThat(workflow.acceptance().rulesMatched()).isEqualTo(1);

        env.sleep(Duration.ofMinutes(31));

        verify(enrollment).enroll(any(), anyString());
        assertThat(env.currentTimeMillis() - started).isGreaterThanOrEqualTo(Duration.ofMinutes(90).toMillis());
    }

    @Test
    void failingEvent_isMarkedFailedWithItsCode() {
        doThrow(ApplicationFailure.newNonRetryableFailure("bad", ErrorCode.VALIDATION_FAILED.name()))
                .when(events).begin(any());

        assertThatThrownBy(() -> workflow().run(input(0))).isInstanceOf(WorkflowFailedException.class);

        verify(events).fail("acme", "event-1", "VALIDATION_FAILED", "processing failed: VALIDATION_FAILED");
        verify(events, never()).complete(anyString(), anyString(), anyString());
    }

    private static TriggerInput withMeetAndCallback() {
        return new TriggerInput("acme", "event-1", "appointment_confirmed", "api", "lead-1", Map.of(),
                new TriggerInput.MeetSpec("Consultation", "2026-12-01T10:00:00+05:30", 45, List.of("dr@clinic.test")),
                "https://client.example/hooks", Map.of("orderId", "A-1"), 0, 0);
    }

    @Test
    void requiresMeet_putsTheLinkInTheAcceptanceAndTheSignedCallback() {
        doReturn(new TriggerPlan("lead-1", List.of(), Map.of("email", "asha@example.com"), "UTC")).when(events).begin(any());
        doReturn(new MeetResult("https://meet.google.com/abc-defg-hij", "evt1")).when(meet).createMeet(any());
        doReturn(new CallbackResult(200, 1)).when(callbacks).deliver(any());

        TriggerResult result = workflow().run(withMeetAndCallback());

        verify(meet).createMeet(argThat(m -> m.summary().equals("Consultation") && m.durationMinutes() == 45
                && m.attendees().equals(List.of("dr@clinic.test", "asha@example.com"))
                && m.requestId().equals("trigger:acme:event-1:meet")));
        verify(events).recordAcceptance(eq("acme"), eq("event-1"),
                argThat(a -> "https://meet.google.com/abc-defg-hij".equals(a.meetLink()) && a.meetWarning() == null));
        verify(callbacks).deliver(argThat(d -> d.webhookId().equals("msg_event-1_callback")
                && d.url().equals("https://client.example/hooks")
                && d.payload().get("meetLink").equals("https://meet.google.com/abc-defg-hij")
                && d.payload().get("leadId").equals("lead-1")
                && ((Map<?, ?>) d.payload().get("metadata")).get("orderId").equals("A-1")));
        assertThat(result.callbackStatus()).isEqualTo("delivered");
    }

    @Test
    void meetThatCannotBeBooked_givesAWarningAndNeverFailsTheTrigger() {
        doReturn(new TriggerPlan("lead-1", List.of(RULE), Map.of(), "UTC")).when(events).begin(any());
        doThrow(ApplicationFailure.newNonRetryableFailure("no credentials", ErrorCode.PROVIDER_NOT_CONFIGURED.name()))
                .when(meet).createMeet(any());
        doThrow(ApplicationFailure.newNonRetryableFailure("blocked", ErrorCode.URL_NOT_ALLOWED.name()))
                .when(callbacks).deliver(any());

        TriggerResult result = workflow().run(withMeetAndCallback());

        verify(events).recordAcceptance(eq("acme"), eq("event-1"), argThat(a -> a.meetLink() == null
                && a.meetWarning().contains("PROVIDER_NOT_CONFIGURED")));
        verify(enrollment).enroll(any(), anyString());
        verify(events).complete(eq("acme"), eq("event-1"), anyString());
        assertThat(result.callbackStatus()).isEqualTo("failed");
    }
}
