package io.leadflow.workflows.trigger;

import static io.leadflow.workflows.support.Sequences.days;
import static io.leadflow.workflows.support.Sequences.rule;
import static io.leadflow.workflows.support.Sequences.step;
import static io.leadflow.workflows.support.Sequences.tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadflow.contracts.callback.CallbackActivities;
import io.leadflow.contracts.callback.CallbackDelivery;
import io.leadflow.contracts.callback.CallbackResult;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.meet.MeetActivities;
import io.leadflow.contracts.meet.MeetCreate;
import io.leadflow.contracts.meet.MeetResult;
import io.leadflow.contracts.rule.RuleSnapshot;
import io.leadflow.contracts.sequence.EnrollmentRequest;
import io.leadflow.contracts.sequence.SequenceStatus;
import io.leadflow.contracts.sequence.SequenceWorkflow;
import io.leadflow.contracts.trigger.EventCompletion;
import io.leadflow.contracts.trigger.EventPlan;
import io.leadflow.contracts.trigger.TriggerInput;
import io.leadflow.contracts.trigger.TriggerResult;
import io.leadflow.contracts.trigger.TriggerWorkflow;
import io.leadflow.workflows.support.Sequences;
import io.leadflow.workflows.support.WorkflowTestKit;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What one accepted event does with the plan the API made for it. */
class TriggerWorkflowTest {

    final List<CallbackDelivery> callbacks = new CopyOnWriteArrayList<>();
    final List<MeetCreate> meets = new CopyOnWriteArrayList<>();
    volatile boolean meetFails;

    final WorkflowTestKit kit = new WorkflowTestKit(
            (CallbackActivities) delivery -> {
                callbacks.add(delivery);
                return new CallbackResult(200, 1);
            },
            (MeetActivities) create -> {
                meets.add(create);
                if (meetFails) {
                    throw ApplicationFailure.newNonRetryableFailure("no google credentials",
                            ErrorCode.PROVIDER_NOT_CONFIGURED.name());
                }
                return new MeetResult("https://meet.google.com/abc-defg-hij", "evt-1");
            });

    @AfterEach
    void tearDown() {
        kit.close();
    }

    private static EnrollmentRequest enrollment(RuleSnapshot rule, String reEnrollment) {
        return new EnrollmentRequest(Sequences.input(rule), reEnrollment);
    }

    private static EnrollmentRequest enrollment(RuleSnapshot rule, String reEnrollment, String eventLogId) {
        return new EnrollmentRequest(Sequences.input(rule, eventLogId), reEnrollment);
    }

    private static TriggerInput event(String eventLogId, EventPlan plan) {
        return new TriggerInput(Sequences.TENANT, eventLogId, "appointment_confirmed", "api", Sequences.LEAD,
                Map.of("service", "Dental cleaning"), null, null, null, 0, 0, plan);
    }

    private static EventPlan plan(List<EnrollmentRequest> enroll, List<String> listeners) {
        return new EventPlan(Sequences.ASHA, "UTC",
                enroll.stream().map(request -> request.input().rule().id()).toList(), enroll, listeners);
    }

    private static TriggerResult result(TriggerWorkflow workflow) {
        return WorkflowStub.fromTyped(workflow).getResult(TriggerResult.class);
    }

    @Test
    void plannedEnrollments_startAsChildSequencesThatOutliveTheEvent_andTheEventCompletes() {
        RuleSnapshot followUp = rule("follow-up", step("later", days(2), tag("followed_up")));

        TriggerResult done = result(kit.startTrigger(event("e1", plan(List.of(enrollment(followUp, "never")), List.of()))));

        assertThat(done.enrolledWorkflowIds()).containsExactly("seq:acme:lead-1:rule:follow-up");
        assertThat(kit.bookkeeping.completed()).singleElement().satisfies(completion -> {
            assertThat(completion.enrolledWorkflowIds()).containsExactly("seq:acme:lead-1:rule:follow-up");
            assertThat(completion.matchedRuleIds()).containsExactly("follow-up");
        });
        // the event is done; its sequence goes on for two more days on its own
        SequenceWorkflow sequence = kit.client.newWorkflowStub(SequenceWorkflow.class, "seq:acme:lead-1:rule:follow-up");
        assertThat(WorkflowStub.fromTyped(sequence).getResult(SequenceStatus.class).status()).isEqualTo("completed");
        assertThat(kit.actions.calls()).singleElement()
                .satisfies(call -> assertThat(call.request().eventLogId()).isEqualTo("event-1"));
    }

    @Test
    void listeningSequences_areToldAboutTheEvent() {
        RuleSnapshot nurture = rule("nurture", List.of("appointment_confirmed"), null,
                step("later", days(5), tag("nurtured")));
        SequenceWorkflow running = kit.startSequence(Sequences.input(nurture));
        kit.env.sleep(Duration.ofHours(1));

        TriggerResult done = result(kit.startTrigger(event("e2",
                plan(List.of(), List.of("seq:acme:lead-1:rule:nurture", "seq:acme:lead-1:rule:already-gone")))));

        assertThat(done.notified()).isEqualTo(1);
        SequenceStatus exited = WorkflowTestKit.result(running);
        assertThat(exited.status()).isEqualTo("exited");
        assertThat(exited.exitReason()).isEqualTo("appointment_confirmed");
        assertThat(kit.actions.calls()).isEmpty();
    }

    @Test
    void secondMatchOfANeverRule_leavesTheRunningSequenceAlone() {
        RuleSnapshot once = rule("once", step("later", days(2), tag("x")));
        result(kit.startTrigger(event("e3", plan(List.of(enrollment(once, "never")), List.of()))));

        TriggerResult second = result(kit.startTrigger(event("e4", plan(List.of(enrollment(once, "never")), List.of()))));

        assertThat(second.enrolledWorkflowIds()).isEmpty();
        assertThat(kit.bookkeeping.completed().get(1).alreadyEnrolled()).containsExactly("seq:acme:lead-1:rule:once");
        assertThat(kit.bookkeeping.opened()).hasSize(1);
    }

    @Test
    void reEnrollmentAlways_restartsTheRunningSequenceFromTheTop() {
        RuleSnapshot again = rule("again", step("now", null, tag("hello")), step("later", days(2), tag("bye")));
        result(kit.startTrigger(event("e5", plan(List.of(enrollment(again, "always", "e5")), List.of()))));
        kit.env.sleep(Duration.ofHours(1));

        TriggerResult second = result(kit.startTrigger(event("e6", plan(List.of(enrollment(again, "always", "e6")), List.of()))));
        kit.env.sleep(Duration.ofMinutes(1));

        assertThat(second.enrolledWorkflowIds()).containsExactly("seq:acme:lead-1:rule:again");
        assertThat(kit.actions.calls()).extracting(call -> call.request().params().get("tag")).containsExactly("hello", "hello");
        assertThat(kit.bookkeeping.opened()).hasSize(2);
    }

    @Test
    void delayMinutes_plansAndEnrollsOnlyWhenTheDelayEnds() {
        long started = kit.env.currentTimeMillis();
        RuleSnapshot later = rule("later", step("now", null, tag("delayed")));
        kit.bookkeeping.planner(input -> plan(List.of(enrollment(later, "never")), List.of()));

        TriggerResult done = result(kit.startTrigger(new TriggerInput(Sequences.TENANT, "e7", "appointment_confirmed",
                "api", Sequences.LEAD, Map.of(), null, null, null, 90, 0, null)));

        assertThat(done.enrolledWorkflowIds()).hasSize(1);
        kit.env.sleep(Duration.ofSeconds(1));
        assertThat(kit.actions.calls()).singleElement().satisfies(call -> assertThat(call.at() - started)
                .isCloseTo(Duration.ofMinutes(90).toMillis(), within(1_000L)));
    }

    @Test
    void requiresMeet_putsTheLinkInTheAcceptanceTheCallbackAndTheSequences() {
        RuleSnapshot followUp = rule("meet-follow-up", step("now", null, tag("booked")));
        TriggerInput input = new TriggerInput(Sequences.TENANT, "e8", "demo_booked", "api", Sequences.LEAD, Map.of(),
                new TriggerInput.MeetSpec("Demo", "2026-12-02T10:00:00Z", 30, List.of()),
                "https://shop.example.com/hooks", Map.of("orderId", "o-1"), 0, 0,
                plan(List.of(enrollment(followUp, "never")), List.of()));

        TriggerWorkflow workflow = kit.startTrigger(input);
        TriggerResult done = result(workflow);

        assertThat(done.callbackStatus()).isEqualTo("delivered");
        assertThat(workflow.acceptance().meetLink()).isEqualTo("https://meet.google.com/abc-defg-hij");
        assertThat(meets).singleElement().satisfies(meet -> assertThat(meet.attendees()).contains("asha@example.com"));
        assertThat(callbacks).singleElement().satisfies(callback -> {
            assertThat(callback.webhookId()).isEqualTo("msg_e8_callback");
            assertThat(callback.payload()).containsEntry("meetLink", "https://meet.google.com/abc-defg-hij")
                    .containsEntry("metadata", Map.of("orderId", "o-1"));
        });
        // The child sequence outlives the event: wait for it before reading what it did.
        WorkflowStub.fromTyped(kit.client.newWorkflowStub(SequenceWorkflow.class, done.enrolledWorkflowIds().get(0)))
                .getResult(SequenceStatus.class);
        assertThat(kit.actions.calls()).singleElement().satisfies(call ->
                assertThat(call.request().resolved()).containsEntry("meetLink", "https://meet.google.com/abc-defg-hij"));
        EventCompletion completion = kit.bookkeeping.completed().get(0);
        assertThat(completion.meetLink()).isEqualTo("https://meet.google.com/abc-defg-hij");
    }

    @Test
    void meetThatCannotBeBooked_givesAWarning_andNeverFailsTheEvent() {
        meetFails = true;
        TriggerInput input = new TriggerInput(Sequences.TENANT, "e9", "demo_booked", "api", Sequences.LEAD, Map.of(),
                new TriggerInput.MeetSpec(null, "2026-12-02T10:00:00Z", 30, List.of()), null, null, 0, 0,
                plan(List.of(), List.of()));

        TriggerWorkflow workflow = kit.startTrigger(input);
        result(workflow);

        assertThat(workflow.acceptance().meetWarning()).contains("PROVIDER_NOT_CONFIGURED");
        assertThat(kit.bookkeeping.completed()).singleElement()
                .satisfies(completion -> assertThat(completion.meetWarning()).contains("PROVIDER_NOT_CONFIGURED"));
    }
}
