package io.leadflow.workflows.sequence;

import static io.leadflow.workflows.support.Sequences.days;
import static io.leadflow.workflows.support.Sequences.email;
import static io.leadflow.workflows.support.Sequences.hours;
import static io.leadflow.workflows.support.Sequences.input;
import static io.leadflow.workflows.support.Sequences.move;
import static io.leadflow.workflows.support.Sequences.rule;
import static io.leadflow.workflows.support.Sequences.seconds;
import static io.leadflow.workflows.support.Sequences.step;
import static io.leadflow.workflows.support.Sequences.tag;
import static io.leadflow.workflows.support.Sequences.waitFor;
import static io.leadflow.workflows.support.Sequences.waitUntil;
import static io.leadflow.workflows.support.Sequences.whatsappTemplate;
import static io.leadflow.workflows.support.WorkflowTestKit.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.leadflow.contracts.action.ActionOutcome;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.rule.Action;
import io.leadflow.contracts.rule.Condition;
import io.leadflow.contracts.rule.RuleSnapshot;
import io.leadflow.contracts.rule.SendWindow;
import io.leadflow.contracts.rule.WaitUntil;
import io.leadflow.contracts.sequence.LeadEvent;
import io.leadflow.contracts.sequence.LeadSnapshot;
import io.leadflow.contracts.sequence.SequenceInput;
import io.leadflow.contracts.sequence.SequenceStatus;
import io.leadflow.contracts.sequence.SequenceWorkflow;
import io.leadflow.contracts.sequence.StepRecord;
import io.leadflow.contracts.temporal.LeadflowSearchAttributes;
import io.leadflow.workflows.support.FakeActions;
import io.leadflow.workflows.support.Sequences;
import io.leadflow.workflows.support.WorkflowTestKit;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rule sequences as operators and leads live them: time skipped, activities recorded. */
class SequenceWorkflowTest {

    /** The test server's clock moves on by a few real milliseconds while a workflow task runs. */
    static final long SLACK = 1_000;

    final WorkflowTestKit kit = new WorkflowTestKit();

    @AfterEach
    void tearDown() {
        kit.close();
    }

    private static List<String> outcomes(SequenceStatus status) {
        return status.completedSteps().stream().map(StepRecord::outcome).toList();
    }

    @Test
    void multiDaySequence_runsEveryStepInOrder_inMilliseconds() {
        long started = kit.env.currentTimeMillis();
        SequenceWorkflow workflow = kit.startSequence(input(rule("r1",
                step("tag", null, tag("confirmed")),
                step("move", seconds(10), move("Qualified")),
                step("follow-up", days(1), email("See you soon, {{lead.firstName}}", "Your {{event.service}} is booked.")))));

        SequenceStatus done = result(workflow);

        assertThat(done.status()).isEqualTo("completed");
        assertThat(done.completedSteps()).extracting(StepRecord::stepId).containsExactly("tag", "move", "follow-up");
        assertThat(outcomes(done)).containsOnly("done");
        List<FakeActions.Call> calls = kit.actions.calls();
        assertThat(calls).extracting(FakeActions.Call::method).containsExactly("updateLead", "updateLead", "sendEmail");
        assertThat(calls.get(1).at() - started).isCloseTo(Duration.ofSeconds(10).toMillis(), within(SLACK));
        assertThat(calls.get(2).at() - started).isCloseTo(Duration.ofSeconds(10).plusDays(1).toMillis(), within(SLACK));
        // templates travel unrendered with the context the activity renders them against
        assertThat(calls.get(2).request().params()).containsEntry("subject", "See you soon, {{lead.firstName}}");
        assertThat(calls.get(2).request().variables()).containsEntry("service", "Dental cleaning");
        assertThat(kit.bookkeeping.opened()).singleElement().satisfies(opened -> {
            assertThat(opened.totalSteps()).isEqualTo(3);
            assertThat(opened.runId()).isNotBlank();
        });
        assertThat(kit.bookkeeping.closed()).singleElement().satisfies(closed -> {
            assertThat(closed.status()).isEqualTo("completed");
            assertThat(closed.steps()).hasSize(3);
        });
    }

    @Test
    void eachActionHasItsOwnIdempotencyKey_andEachStepKnowsWhenItCameDue() {
        SequenceWorkflow workflow = kit.startSequence(input(rule("keys",
                step("first", hours(1), tag("a")),
                step("second", hours(2), tag("b")))));

        result(workflow);

        List<FakeActions.Call> calls = kit.actions.calls();
        assertThat(calls).extracting(call -> call.request().idempotencyKey()).doesNotHaveDuplicates()
                .allSatisfy(key -> assertThat(key).startsWith("seq:acme:lead-1:rule:keys:"));
        assertThat(Instant.parse(calls.get(1).request().dueAt()).toEpochMilli()).isCloseTo(calls.get(1).at(), within(SLACK));
    }

    @Test
    void whenLeadReplies_sequenceStopsBeforeNextSend() {
        SequenceWorkflow workflow = kit.startSequence(input(rule("exit", List.of("lead_replied"), null,
                step("first", null, tag("contacted")),
                step("second", days(2), whatsappTemplate("follow_up")))));

        kit.env.sleep(Duration.ofDays(1));
        workflow.leadEvent(new LeadEvent("lead_replied", null, "event-2"));
        SequenceStatus done = result(workflow);

        assertThat(done.status()).isEqualTo("exited");
        assertThat(done.exitReason()).isEqualTo("lead_replied");
        assertThat(kit.actions.types()).containsExactly(Action.ADD_TAG);
        assertThat(kit.bookkeeping.closed()).singleElement()
                .satisfies(closed -> assertThat(closed.exitReason()).isEqualTo("lead_replied"));
    }

    @Test
    void exitOnQualifiedEvent_ignoresOtherQualifiers() {
        SequenceWorkflow workflow = kit.startSequence(input(rule("qualified", List.of("tag_added:customer"), null,
                step("wait", days(1), tag("reminded")))));

        workflow.leadEvent(new LeadEvent("tag_added", "vip", "e2"));
        kit.env.sleep(Duration.ofHours(1));
        workflow.leadEvent(new LeadEvent("tag_added", "Customer", "e3"));

        assertThat(result(workflow).exitReason()).isEqualTo("tag_added:Customer");
        assertThat(kit.actions.calls()).isEmpty();
    }

    @Test
    void exitEventArrivingWhileAnActivityRuns_isNotLost() {
        SequenceWorkflow[] self = new SequenceWorkflow[1];
        kit.actions.answer(request -> {
            self[0].leadEvent(new LeadEvent("lead_replied", null, "e2"));
            return ActionOutcome.done(Map.of());
        });
        self[0] = kit.startSequence(input(rule("race", List.of("lead_replied"), null,
                step("first", null, tag("a")),
                step("second", hours(1), tag("b")))));

        SequenceStatus done = result(self[0]);

        assertThat(done.status()).isEqualTo("exited");
        assertThat(kit.actions.calls()).hasSize(1);
    }

    @Test
    void pausedSequence_runsNoActionUntilResumed_andOperatorsCanFilterIt() {
        SequenceWorkflow workflow = kit.startSequence(input(rule("pause",
                step("later", hours(1), tag("a")))));
        String id = "seq:acme:lead-1:rule:pause";

        workflow.pause();
        kit.env.sleep(Duration.ofHours(3));
        assertThat(kit.actions.calls()).isEmpty();
        assertThat(kit.attribute(id, LeadflowSearchAttributes.SEQUENCE_STATUS)).isEqualTo("paused");

        workflow.resume();
        SequenceStatus done = result(workflow);

        assertThat(done.status()).isEqualTo("completed");
        assertThat(kit.actions.calls()).hasSize(1);
        assertThat(kit.attribute(id, LeadflowSearchAttributes.SEQUENCE_STATUS)).isEqualTo("completed");
    }

    @Test
    void waitingSequence_showsItsStepAndNextWakeUpToOperators() {
        long started = kit.env.currentTimeMillis();
        kit.startSequence(input(rule("visible",
                step("now", null, tag("a")),
                step("in-two-days", days(2), tag("b")))));
        String id = "seq:acme:lead-1:rule:visible";

        kit.env.sleep(Duration.ofHours(1));

        assertThat(kit.attribute(id, LeadflowSearchAttributes.SEQUENCE_STATUS)).isEqualTo("running");
        assertThat(kit.attribute(id, LeadflowSearchAttributes.SEQUENCE_STEP)).isEqualTo("in-two-days");
        assertThat(kit.attribute(id, LeadflowSearchAttributes.NEXT_WAKE_AT).toInstant().toEpochMilli())
                .isCloseTo(Instant.ofEpochMilli(started).plus(Duration.ofDays(2)).toEpochMilli(), within(SLACK));
        assertThat(kit.attribute(id, LeadflowSearchAttributes.SEQUENCE_NAME)).isEqualTo("rule visible");
    }

    @Test
    void conditionFalseWhenDue_skipsTheStepAndGoesOn() {
        SequenceWorkflow workflow = kit.startSequence(input(rule("cond",
                step("vip-only", null, Condition.leaf("lead.score", "greaterThan", 50), tag("vip")),
                step("everyone", null, tag("all")))));

        SequenceStatus done = result(workflow);

        assertThat(outcomes(done)).containsExactly("skipped", "done");
        assertThat(done.completedSteps().get(0).result()).containsEntry("reason", "condition false when due");
        assertThat(kit.actions.calls()).hasSize(1);
    }

    @Test
    void conditionIsCheckedAgainstTheLeadAsItIsWhenDue() {
        SequenceWorkflow workflow = kit.startSequence(input(rule("fresh",
                step("later", days(1), Condition.leaf("lead.score", "greaterThan", 50), tag("hot")))));
        kit.env.sleep(Duration.ofHours(2));
        kit.bookkeeping.lead(new LeadSnapshot(true, Map.of("firstName", "Asha", "score", 90), null));

        assertThat(outcomes(result(workflow))).containsExactly("done");
    }

    @Test
    void failingActivity_isRetriedUntilItSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        kit.actions.answer(request -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("database blip");
            }
            return ActionOutcome.done(Map.of());
        });
        SequenceWorkflow workflow = kit.startSequence(input(rule("retry", step("tag", null, tag("a")))));

        assertThat(outcomes(result(workflow))).containsExactly("done");
        assertThat(attempts.get()).isEqualTo(3);
    }

    @Test
    void permanentFailure_isRecordedOnTheStepWithoutRetry_andTheSequenceGoesOn() {
        AtomicInteger sends = new AtomicInteger();
        kit.actions.answer(request -> {
            if (request.type().equals(Action.SEND_WHATSAPP)) {
                sends.incrementAndGet();
                throw ApplicationFailure.newNonRetryableFailure("template not approved", ErrorCode.PROVIDER_PERMANENT.name());
            }
            return ActionOutcome.done(Map.of());
        });
        SequenceWorkflow workflow = kit.startSequence(input(rule("permanent",
                step("send", null, whatsappTemplate("welcome")),
                step("tag", null, tag("after")))));

        SequenceStatus done = result(workflow);

        assertThat(done.status()).isEqualTo("completed");
        assertThat(outcomes(done)).containsExactly("failed", "done");
        assertThat(done.completedSteps().get(0).code()).isEqualTo("PROVIDER_PERMANENT");
        assertThat(sends.get()).isEqualTo(1);
    }

    @Test
    void leadWithoutEmail_failsTheEmailStepWithItsCode_andTheSequenceCompletes() {
        kit.actions.answer(request -> {
            if (request.type().equals(Action.SEND_EMAIL)) {
                throw ApplicationFailure.newNonRetryableFailure("the lead has no email", ErrorCode.LEAD_HAS_NO_EMAIL.name());
            }
            return ActionOutcome.done(Map.of());
        });
        SequenceWorkflow workflow = kit.startSequence(input(rule("no-email",
                step("tag", null, tag("confirmed")),
                step("wait", seconds(10), move("Qualified")),
                step("mail", days(1), email("See you soon", "Hi")))));

        SequenceStatus done = result(workflow);

        assertThat(done.status()).isEqualTo("completed");
        assertThat(outcomes(done)).containsExactly("done", "done", "failed");
        assertThat(done.completedSteps().get(2).code()).isEqualTo("LEAD_HAS_NO_EMAIL");
        assertThat(kit.bookkeeping.closed()).singleElement().satisfies(closed -> {
            assertThat(closed.status()).isEqualTo("completed");
            assertThat(closed.steps().get(2).code()).isEqualTo("LEAD_HAS_NO_EMAIL");
        });
    }

    @Test
    void templateThatCannotBeRendered_failsItsStepWithTemplateError_andTheSequenceGoesOn() {
        kit.actions.answer(request -> {
            if (request.type().equals(Action.SEND_EMAIL)) {
                throw ApplicationFailure.newNonRetryableFailure("body is too long once rendered",
                        ErrorCode.TEMPLATE_ERROR.name());
            }
            return ActionOutcome.done(Map.of());
        });
        SequenceWorkflow workflow = kit.startSequence(input(rule("template",
                step("mail", null, email("Hi", "{{lead.notes}}")),
                step("tag", null, tag("after")))));

        SequenceStatus done = result(workflow);

        assertThat(outcomes(done)).containsExactly("failed", "done");
        assertThat(done.completedSteps().get(0).code()).isEqualTo("TEMPLATE_ERROR");
    }

    @Test
    void unknownActionInAnOldSnapshot_failsItsStep_notTheSequence() {
        SequenceWorkflow workflow = kit.startSequence(input(rule("old",
                step("legacy", null, new Action("send_sms", Map.of("text", "hi"))),
                step("tag", null, tag("after")))));

        SequenceStatus done = result(workflow);

        assertThat(done.status()).isEqualTo("completed");
        assertThat(outcomes(done)).containsExactly("failed", "done");
        assertThat(done.completedSteps().get(0).code()).isEqualTo("UNKNOWN_ACTION");
    }

    @Test
    void unusableWaitUntil_failsItsStep_notTheSequence() {
        SequenceWorkflow workflow = kit.startSequence(input(rule("bad-time",
                waitUntil("when", new WaitUntil(null, "25:99", null), tag("late")),
                step("tag", null, tag("after")))));

        SequenceStatus done = result(workflow);

        assertThat(done.status()).isEqualTo("completed");
        assertThat(outcomes(done)).containsExactly("failed", "done");
        assertThat(done.completedSteps().get(0).code()).isEqualTo("INVALID_STEP");
    }

    @Test
    void waitUntilFromTheEvent_wakesAtTheInstantTheSiteSent() {
        long started = kit.env.currentTimeMillis();
        Instant appointment = Instant.ofEpochMilli(started).plus(Duration.ofHours(30));
        RuleSnapshot rule = rule("remind", waitUntil("at-appointment", new WaitUntil("{{event.appointmentAt}}", null, null),
                tag("reminded")));
        SequenceInput base = input(rule);
        SequenceWorkflow workflow = kit.startSequence(new SequenceInput(base.clientCode(), base.leadId(),
                base.sequenceKey(), base.name(), rule, null, base.trigger(),
                Map.of("appointmentAt", appointment.toString()), Map.of(), base.eventLogId(), "UTC", 0, base.lead()));

        SequenceStatus done = result(workflow);

        assertThat(outcomes(done)).containsExactly("done");
        assertThat(kit.actions.calls().get(0).at()).isCloseTo(appointment.toEpochMilli(), within(SLACK));
    }

    @Test
    void waitUntilTemplateThatIsNoInstant_failsItsStep_notTheSequence() {
        SequenceWorkflow workflow = kit.startSequence(input(rule("bad-template",
                waitUntil("when", new WaitUntil("{{event.service}}", null, null), tag("late")),
                step("tag", null, tag("after")))));

        SequenceStatus done = result(workflow);

        assertThat(outcomes(done)).containsExactly("failed", "done");
        assertThat(done.completedSteps().get(0).code()).isEqualTo("INVALID_STEP");
    }

    @Test
    void suspendedTenant_skipsTheSend_andTheSequenceKeepsGoing() {
        kit.actions.answer(request -> request.type().equals(Action.SEND_WHATSAPP)
                ? ActionOutcome.skipped(ErrorCode.TENANT_SUSPENDED.name()) : ActionOutcome.done(Map.of()));
        SequenceWorkflow workflow = kit.startSequence(input(rule("suspended",
                step("send", null, whatsappTemplate("welcome")),
                step("tag", null, tag("after")))));

        SequenceStatus done = result(workflow);

        assertThat(outcomes(done)).containsExactly("skipped", "done");
        assertThat(done.completedSteps().get(0).code()).isEqualTo("TENANT_SUSPENDED");
    }

    @Test
    void waitForReply_branchesOnWhichCameFirst() {
        Condition replied = Condition.leaf("wait.reply", "equal", "lead_replied");
        RuleSnapshot rule = rule("branch",
                waitFor("reply", List.of("lead_replied"), days(1)),
                step("thank", null, replied, tag("replied")),
                step("nudge", null, Condition.not(replied), tag("silent")));

        SequenceWorkflow quiet = kit.startSequence(input(rule));
        SequenceStatus quietDone = result(quiet);
        assertThat(quietDone.completedSteps()).extracting(StepRecord::outcome).containsExactly("waited", "skipped", "done");
        assertThat(quietDone.completedSteps().get(0).result()).containsEntry("result", "timeout");
    }

    @Test
    void waitForReply_takesTheReplyBranchWhenTheLeadAnswers() {
        long started = kit.env.currentTimeMillis();
        Condition replied = Condition.leaf("wait.reply", "equal", "lead_replied");
        SequenceWorkflow workflow = kit.startSequence(input(rule("branch2",
                waitFor("reply", List.of("lead_replied"), days(1)),
                step("thank", null, replied, tag("replied")),
                step("nudge", null, Condition.not(replied), tag("silent")))));
        kit.env.sleep(Duration.ofHours(3));
        workflow.leadEvent(new LeadEvent("lead_replied", null, "e2"));

        SequenceStatus done = result(workflow);

        assertThat(done.completedSteps()).extracting(StepRecord::outcome).containsExactly("waited", "done", "skipped");
        assertThat(kit.actions.calls()).singleElement().satisfies(call -> {
            assertThat(call.request().params()).containsEntry("tag", "replied");
            assertThat(call.at() - started).isCloseTo(Duration.ofHours(3).toMillis(), within(SLACK));
        });
    }

    @Test
    void skipWait_endsTheCurrentDelayNow() {
        long started = kit.env.currentTimeMillis();
        SequenceWorkflow workflow = kit.startSequence(input(rule("skip", step("later", days(30), tag("a")))));
        kit.env.sleep(Duration.ofHours(1));

        workflow.skipWait();
        result(workflow);

        assertThat(kit.actions.calls().get(0).at() - started).isLessThan(Duration.ofDays(1).toMillis());
    }

    @Test
    void cancel_endsTheSequenceWithoutFurtherSteps() {
        SequenceWorkflow workflow = kit.startSequence(input(rule("cancel",
                step("later", days(1), tag("a")))));

        workflow.cancel("customer asked");
        SequenceStatus done = result(workflow);

        assertThat(done.status()).isEqualTo("cancelled");
        assertThat(done.exitReason()).isEqualTo("customer asked");
        assertThat(kit.actions.calls()).isEmpty();
    }

    @Test
    void cancelRequestedThroughTemporal_isRecordedInTheIndexBeforeTheRunEnds() {
        SequenceWorkflow workflow = kit.startSequence(input(rule("ui-cancel", step("later", days(1), tag("a")))));
        kit.env.sleep(Duration.ofMinutes(5));

        WorkflowStub.fromTyped(workflow).cancel();

        assertThatThrownBy(() -> result(workflow)).isInstanceOf(WorkflowFailedException.class)
                .hasCauseInstanceOf(CanceledFailure.class);
        assertThat(kit.bookkeeping.closed()).singleElement()
                .satisfies(closed -> assertThat(closed.status()).isEqualTo("cancelled"));
    }

    @Test
    void deletedLead_endsTheSequence() {
        kit.actions.answer(request -> {
            throw ApplicationFailure.newNonRetryableFailure("the lead no longer exists", ErrorCode.LEAD_NOT_FOUND.name());
        });
        SequenceWorkflow workflow = kit.startSequence(input(rule("gone",
                step("first", null, tag("a")),
                step("second", days(1), tag("b")))));

        SequenceStatus done = result(workflow);

        assertThat(done.status()).isEqualTo("exited");
        assertThat(done.exitReason()).isEqualTo("lead deleted");
        assertThat(kit.actions.calls()).hasSize(1);
    }

    @Test
    void dueStepOutsideItsSendWindow_waitsForTheNextOpeningInTheLeadsZone() {
        // 2026-12-01 is a Tuesday; 10:00 UTC is 15:30 in Kolkata, after a 09:00-12:00 window
        SequenceWorkflow workflow = kit.startSequence(new SequenceInput(Sequences.TENANT, Sequences.LEAD,
                "rule:window", "window", rule("window", List.of(),
                new SendWindow(List.of("MON", "TUE", "WED", "THU", "FRI"), "09:00", "12:00", null),
                step("send", null, whatsappTemplate("welcome"))), null, "appointment_confirmed", Map.of(), Map.of(),
                "event-1", "UTC", 0, Map.of("firstName", "Asha", "timezone", "Asia/Kolkata")));

        result(workflow);

        assertThat(kit.actions.calls().get(0).at())
                .isCloseTo(Instant.parse("2026-12-02T03:30:00Z").toEpochMilli(), within(SLACK));
    }

    @Test
    void restartSignal_startsTheSequenceAgainFromTheTop() {
        SequenceWorkflow workflow = kit.startSequence(input(rule("again",
                step("first", null, tag("a")),
                step("second", days(3), tag("b")))));
        kit.env.sleep(Duration.ofDays(1));

        workflow.restart(Sequences.input(rule("again",
                step("first", null, tag("a")),
                step("second", days(3), tag("b"))), "event-2"));
        kit.env.sleep(Duration.ofHours(1));

        assertThat(kit.actions.calls()).extracting(call -> call.request().params().get("tag")).containsExactly("a", "a");
        assertThat(kit.bookkeeping.opened()).hasSize(2);
        assertThat(kit.bookkeeping.opened().get(0).runId()).isNotEqualTo(kit.bookkeeping.opened().get(1).runId());
        assertThat(kit.bookkeeping.opened().get(1).eventLogId()).isEqualTo("event-2");
    }

    @Test
    void theSameEventDeliveredAgain_restartsNothing() {
        RuleSnapshot again = rule("once-per-event", step("first", null, tag("a")), step("second", days(3), tag("b")));
        SequenceWorkflow workflow = kit.startSequence(Sequences.input(again, "event-7"));
        kit.env.sleep(Duration.ofHours(1));

        workflow.restart(Sequences.input(again, "event-7"));
        kit.env.sleep(Duration.ofHours(1));

        assertThat(kit.actions.calls()).hasSize(1);
        assertThat(kit.bookkeeping.opened()).hasSize(1);
    }

    @Test
    void unknownCodeSequence_closesAsFailedWithItsCode_withoutFailingTheWorkflow() {
        SequenceWorkflow workflow = kit.startSequence(Sequences.codeInput("no-such-sequence", Map.of(), Sequences.ASHA));

        SequenceStatus done = result(workflow);

        assertThat(done.status()).isEqualTo("failed");
        assertThat(done.completedSteps()).singleElement()
                .satisfies(step -> assertThat(step.code()).isEqualTo("SEQUENCE_DEFINITION_NOT_FOUND"));
    }
}
