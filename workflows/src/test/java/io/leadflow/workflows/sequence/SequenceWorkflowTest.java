package io.leadflow.workflows.sequence;

import static io.leadflow.workflows.sequence.Rules.LEAD;
import static io.leadflow.workflows.sequence.Rules.TENANT;
import static io.leadflow.workflows.sequence.Rules.days;
import static io.leadflow.workflows.sequence.Rules.hours;
import static io.leadflow.workflows.sequence.Rules.input;
import static io.leadflow.workflows.sequence.Rules.move;
import static io.leadflow.workflows.sequence.Rules.rule;
import static io.leadflow.workflows.sequence.Rules.seconds;
import static io.leadflow.workflows.sequence.Rules.step;
import static io.leadflow.workflows.sequence.Rules.tag;
import static io.leadflow.workflows.sequence.Rules.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.leadflow.activities.channel.SendResult;
import io.leadflow.activities.sequence.ActionOutcome;
import io.leadflow.activities.whatsapp.WhatsAppActivities;
import io.leadflow.shared.rule.SendWindow;
import io.leadflow.shared.rule.SendWindows;
import io.leadflow.activities.sequence.CrmAction;
import io.leadflow.activities.sequence.LeadSnapshot;
import io.leadflow.activities.sequence.SequenceActivities;
import io.leadflow.activities.sequence.SequenceStatusChange;
import io.leadflow.shared.error.ErrorCode;
import io.leadflow.shared.rule.AutomationRule;
import io.leadflow.shared.rule.Condition;
import io.leadflow.shared.sequence.LeadEvent;
import io.leadflow.shared.sequence.SequenceStatus;
import io.leadflow.shared.sequence.StepRecord;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class SequenceWorkflowTest {

    private static final String QUEUE = "test-sequences";

    TestWorkflowEnvironment env;
    WorkflowClient client;
    SequenceActivities crm;
    WhatsAppActivities whatsapp;
    final List<Long> sentAt = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        env = TestWorkflowEnvironment.newInstance();
        Worker worker = env.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(SequenceWorkflowImpl.class);
        crm = mock(SequenceActivities.class, withSettings().withoutAnnotations());
        when(crm.loadLead(anyString(), anyString()))
                .thenReturn(new LeadSnapshot(true, Map.of("firstName", "Asha", "score", 10), null));
        doAnswer(call -> new ActionOutcome(Map.of())).when(crm).crmAction(any());
        whatsapp = mock(WhatsAppActivities.class, withSettings().withoutAnnotations());
        doAnswer(call -> {
            sentAt.add(env.currentTimeMillis());
            return new SendResult("whatsapp", "wamid.1", "sent", false);
        }).when(whatsapp).sendTemplate(any());
        worker.registerActivitiesImplementations(crm, whatsapp);
        client = env.getWorkflowClient();
        env.start();
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    private SequenceWorkflow start(AutomationRule rule) {
        SequenceWorkflow workflow = client.newWorkflowStub(SequenceWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE).setWorkflowId("seq:" + TENANT + ":" + LEAD + ":rule:" + rule.id()).build());
        WorkflowClient.start(workflow::run, input(rule));
        return workflow;
    }

    private SequenceStatus result(SequenceWorkflow workflow) {
        return WorkflowStub.fromTyped(workflow).getResult(SequenceStatus.class);
    }

    private static CrmAction action(String type) {
        return argThat(a -> a != null && a.type().equals(type));
    }

    @Test
    void multiDaySequence_runsEveryStepInOrder_inMilliseconds() {
        long started = env.currentTimeMillis();
        SequenceWorkflow workflow = start(rule("r1",
                step("tag", null, tag("confirmed")),
                step("move", seconds(10), move("Qualified")),
                step("follow-up", days(1), tag("followed_up"))));

        SequenceStatus done = result(workflow);

        assertThat(done.status()).isEqualTo("completed");
        assertThat(done.completedSteps()).extracting(StepRecord::stepId).containsExactly("tag", "move", "follow-up");
        assertThat(done.completedSteps()).extracting(StepRecord::outcome).containsOnly("done");
        assertThat(env.currentTimeMillis() - started).isGreaterThanOrEqualTo(Duration.ofDays(1).plusSeconds(10).toMillis());
        InOrder order = inOrder(crm);
        order.verify(crm).crmAction(argThat(a -> "add_tag".equals(a.type()) && "confirmed".equals(a.params().get("tag"))));
        order.verify(crm).crmAction(argThat(a -> "move_stage".equals(a.type()) && a.depth() == 1));
        order.verify(crm).crmAction(argThat(a -> "followed_up".equals(a.params().get("tag"))));
        verify(crm, atLeastOnce()).recordStatus(argThat(c -> "completed".equals(c.status())));
    }

    @Test
    void whenLeadReplies_sequenceStopsBeforeNextSend() {
        SequenceWorkflow workflow = start(rule("r2", List.of("lead_replied"), null,
                step("nudge", days(2), tag("nudged"))));
        env.sleep(Duration.ofHours(5));

        workflow.leadEvent(new LeadEvent("lead_replied", null, "event-2"));
        SequenceStatus done = result(workflow);

        assertThat(done.status()).isEqualTo("exited");
        assertThat(done.exitReason()).isEqualTo("lead_replied");
        verify(crm, never()).crmAction(any());
    }

    @Test
    void exitOnQualifiedEvent_ignoresOtherQualifiers() {
        SequenceWorkflow workflow = start(rule("r3", List.of("tag_added:customer"), null,
                step("nudge", days(1), tag("nudged"))));
        workflow.leadEvent(new LeadEvent("tag_added", "vip", "e"));
        env.sleep(Duration.ofHours(1));
        assertThat(workflow.status().status()).isEqualTo("running");

        workflow.leadEvent(new LeadEvent("tag_added", "customer", "e2"));
        assertThat(result(workflow).status()).isEqualTo("exited");
        verify(crm, never()).crmAction(any());
    }

    @Test
    void exitEventArrivingWhileAnActivityRuns_isNotLost() {
        AutomationRule rule = rule("r4", List.of("lead_replied"), null,
                step("first", null, tag("first")),
                step("second", hours(1), tag("second")));
        doAnswer(call -> {
            CrmAction a = call.getArgument(0);
            if ("first".equals(a.params().get("tag"))) {
                client.newWorkflowStub(SequenceWorkflow.class, a.sequenceWorkflowId())
                        .leadEvent(new LeadEvent("lead_replied", null, "mid-activity"));
            }
            return new ActionOutcome(Map.of());
        }).when(crm).crmAction(action("add_tag"));

        SequenceStatus done = result(start(rule));

        assertThat(done.status()).isEqualTo("exited");
        verify(crm, times(1)).crmAction(any());
    }

    @Test
    void pausedSequence_runsNoActionUntilResumed() {
        SequenceWorkflow workflow = start(rule("r5", step("later", hours(1), tag("later"))));
        workflow.pause();
        env.sleep(Duration.ofHours(3));

        assertThat(workflow.status().status()).isEqualTo("paused");
        verify(crm, never()).crmAction(any());
        verify(crm, atLeastOnce()).recordStatus(argThat(c -> "paused".equals(c.status())));

        workflow.resume();
        assertThat(result(workflow).status()).isEqualTo("completed");
        verify(crm, times(1)).crmAction(any());
    }

    @Test
    void conditionFalseWhenDue_skipsTheStepAndGoesOn() {
        Condition hot = Condition.leaf("lead.score", "greaterThan", 50);
        SequenceStatus done = result(start(rule("r6",
                step("only-hot", hours(2), hot, tag("hot")),
                step("everyone", null, tag("everyone")))));

        assertThat(done.completedSteps()).extracting(StepRecord::outcome).containsExactly("skipped", "done");
        verify(crm, never()).crmAction(argThat(a -> "hot".equals(a.params().get("tag"))));
        verify(crm).crmAction(argThat(a -> "everyone".equals(a.params().get("tag"))));
    }

    @Test
    void conditionIsCheckedAgainstTheLeadAsItIsWhenDue() {
        when(crm.loadLead(anyString(), anyString()))
                .thenReturn(new LeadSnapshot(true, Map.of("score", 10), null))
                .thenReturn(new LeadSnapshot(true, Map.of("score", 90), null));
        Condition hot = Condition.leaf("lead.score", "greaterThan", 50);
        SequenceStatus done = result(start(rule("r7",
                step("check-1", hours(1), hot, tag("hot-1")),
                step("check-2", days(1), hot, tag("hot-2")))));

        assertThat(done.completedSteps()).extracting(StepRecord::outcome).containsExactly("skipped", "done");
    }

    @Test
    void failingActivity_isRetriedUntilItSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        doAnswer(call -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("database blip");
            }
            return new ActionOutcome(Map.of("ok", true));
        }).when(crm).crmAction(any());

        SequenceStatus done = result(start(rule("r8", step("tag", null, tag("x")))));

        assertThat(calls).hasValue(3);
        assertThat(done.completedSteps()).extracting(StepRecord::outcome).containsExactly("done");
    }

    @Test
    void permanentFailure_isRecordedOnTheStepWithoutRetryAndTheSequenceGoesOn() {
        doThrow(ApplicationFailure.newNonRetryableFailure("no such stage", ErrorCode.VALIDATION_FAILED.name()))
                .when(crm).crmAction(action("move_stage"));

        SequenceStatus done = result(start(rule("r9",
                step("move", null, move("Nowhere")),
                step("tag", null, tag("after")))));

        verify(crm, times(1)).crmAction(action("move_stage"));
        assertThat(done.completedSteps().get(0).outcome()).isEqualTo("failed");
        assertThat(done.completedSteps().get(0).result()).containsEntry("code", "VALIDATION_FAILED");
        assertThat(done.completedSteps().get(1).outcome()).isEqualTo("done");
    }

    @Test
    void waitForReply_branchesOnWhichCameFirst() {
        Condition replied = Condition.leaf("wait.wait-reply", "equal", "lead_replied");
        Condition silent = Condition.leaf("wait.wait-reply", "equal", "timeout");
        AutomationRule branching = rule("r10",
                waitFor("wait-reply", List.of("lead_replied"), days(2)),
                step("thank", null, replied, tag("replied")),
                step("chase", null, silent, tag("silent")));

        SequenceWorkflow answered = start(branching);
        env.sleep(Duration.ofHours(3));
        answered.leadEvent(new LeadEvent("lead_replied", null, "e"));
        assertThat(result(answered).completedSteps()).extracting(StepRecord::outcome)
                .containsExactly("waited", "done", "skipped");
        verify(crm).crmAction(argThat(a -> "replied".equals(a.params().get("tag"))));

        AutomationRule again = rule("r11", branching.steps().toArray(io.leadflow.shared.rule.Step[]::new));
        assertThat(result(start(again)).completedSteps()).extracting(StepRecord::outcome)
                .containsExactly("waited", "skipped", "done");
        verify(crm).crmAction(argThat(a -> "silent".equals(a.params().get("tag"))));
    }

    @Test
    void skipWait_endsTheCurrentDelayNow() {
        long started = env.currentTimeMillis();
        SequenceWorkflow workflow = start(rule("r12", step("late", days(30), tag("late"))));
        env.sleep(Duration.ofMinutes(1));
        SequenceStatus waiting = workflow.status();
        assertThat(waiting.phase()).isEqualTo("delay");
        assertThat(waiting.nextWakeAt()).isNotNull();

        workflow.skipWait();

        SequenceStatus done = result(workflow);
        assertThat(done.status()).isEqualTo("completed");
        long actedAt = java.time.Instant.parse(done.completedSteps().get(0).at()).toEpochMilli();
        assertThat(actedAt - started).isLessThan(Duration.ofDays(1).toMillis());
    }

    @Test
    void cancel_endsTheSequenceWithoutFurtherSteps() {
        SequenceWorkflow workflow = start(rule("r13", step("late", days(3), tag("late"))));
        workflow.cancel("lead asked to stop");

        SequenceStatus done = result(workflow);

        assertThat(done.status()).isEqualTo("cancelled");
        assertThat(done.exitReason()).isEqualTo("lead asked to stop");
        verify(crm, never()).crmAction(any());
        verify(crm).recordStatus(argThat((SequenceStatusChange c) -> "cancelled".equals(c.status())));
    }

    @Test
    void deletedLead_endsTheSequence() {
        when(crm.loadLead(anyString(), anyString())).thenReturn(new LeadSnapshot(false, Map.of(), null));
        SequenceStatus done = result(start(rule("r14", step("tag", hours(1), tag("x")))));
        assertThat(done.status()).isEqualTo("exited");
        verify(crm, never()).crmAction(any());
    }

    @Test
    void templatesInParams_resolveFromLeadAndEvent() {
        result(start(rule("r15", step("tag", null,
                new io.leadflow.shared.rule.Action("add_tag", Map.of("tag", "{{lead.firstName}}-{{event.service}}"))))));
        verify(crm).crmAction(argThat(a -> "Asha-Dental cleaning".equals(a.params().get("tag"))));
    }

    @Test
    void whatsappTemplate_getsItsVariablesResolvedAndTheLeadsPhone() {
        when(crm.loadLead(anyString(), anyString()))
                .thenReturn(new LeadSnapshot(true, Map.of("firstName", "Asha", "phone", "+919876543210"), null));
        result(start(rule("r16", step("remind", null, new io.leadflow.shared.rule.Action("send_whatsapp", Map.of(
                "templateName", "appointment_reminder", "language", "en",
                "variables", List.of("{{lead.firstName}}", "{{event.service}}")))))));

        verify(whatsapp).sendTemplate(argThat(send -> send.to().equals("+919876543210")
                && send.templateName().equals("appointment_reminder")
                && send.bodyVariables().equals(List.of("Asha", "Dental cleaning"))
                && send.idempotencyKey().startsWith("seq:acme:lead-1:rule:r16:")));
    }

    @Test
    void dueStepOutsideItsSendWindow_waitsForTheNextOpeningInTheLeadsZone() {
        java.time.ZoneId kolkata = java.time.ZoneId.of("Asia/Kolkata");
        java.time.Instant start = java.time.Instant.ofEpochMilli(env.currentTimeMillis());
        java.time.DayOfWeek today = start.atZone(kolkata).getDayOfWeek();
        List<String> otherDays = java.util.Arrays.stream(java.time.DayOfWeek.values()).filter(d -> d != today)
                .map(SendWindows::dayName).toList();
        SendWindow window = new SendWindow(otherDays, "09:00", "18:00", null);
        when(crm.loadLead(anyString(), anyString()))
                .thenReturn(new LeadSnapshot(true, Map.of("phone", "+919876543210"), "Asia/Kolkata"));
        java.time.Instant opening = SendWindows.nextAllowed(window, kolkata, start);

        result(start(rule("r17", List.of(), window, step("remind", null,
                new io.leadflow.shared.rule.Action("send_whatsapp", Map.of("templateName", "hello"))))));

        assertThat(opening).isAfter(start);
        assertThat(sentAt).hasSize(1);
        assertThat(sentAt.get(0)).isBetween(opening.toEpochMilli(), opening.toEpochMilli() + 60_000);
    }

    @Test
    void whatsappFreeText_isSentAsTextWithItsTemplateResolved() {
        when(crm.loadLead(anyString(), anyString()))
                .thenReturn(new LeadSnapshot(true, Map.of("firstName", "Asha", "phone", "+919876543210"), null));
        doAnswer(call -> new SendResult("whatsapp", "wamid.2", "sent", false)).when(whatsapp).sendText(any());

        result(start(rule("r18", step("reply", null, new io.leadflow.shared.rule.Action("send_whatsapp",
                Map.of("text", "Thanks {{lead.firstName}}, see you for your {{event.service}}."))))));

        verify(whatsapp).sendText(argThat(send -> send.to().equals("+919876543210")
                && send.body().equals("Thanks Asha, see you for your Dental cleaning.")));
        verify(whatsapp, never()).sendTemplate(any());
    }
}
