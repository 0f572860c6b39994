package io.leadflow.workflows.replay;

import static io.leadflow.workflows.support.Sequences.days;
import static io.leadflow.workflows.support.Sequences.email;
import static io.leadflow.workflows.support.Sequences.hours;
import static io.leadflow.workflows.support.Sequences.rule;
import static io.leadflow.workflows.support.Sequences.step;
import static io.leadflow.workflows.support.Sequences.tag;
import static io.leadflow.workflows.support.Sequences.waitFor;
import static io.leadflow.workflows.support.Sequences.webhook;
import static io.leadflow.workflows.support.Sequences.whatsappTemplate;

import io.leadflow.contracts.broadcast.BroadcastInput;
import io.leadflow.contracts.broadcast.BroadcastOutcome;
import io.leadflow.contracts.broadcast.BroadcastWorkflow;
import io.leadflow.contracts.callback.CallbackActivities;
import io.leadflow.contracts.inbound.InboundInput;
import io.leadflow.contracts.inbound.InboundWorkflow;
import io.leadflow.contracts.inbox.InboxReply;
import io.leadflow.contracts.inbox.InboxReplyWorkflow;
import io.leadflow.contracts.job.JobInput;
import io.leadflow.contracts.job.NoContactJobWorkflow;
import io.leadflow.contracts.job.ScoreJobWorkflow;
import io.temporal.client.WorkflowClient;
import io.leadflow.contracts.callback.CallbackResult;
import io.leadflow.contracts.meet.MeetActivities;
import io.leadflow.contracts.meet.MeetResult;
import io.leadflow.contracts.rule.Condition;
import io.leadflow.contracts.rule.RuleSnapshot;
import io.leadflow.contracts.sequence.EnrollmentRequest;
import io.leadflow.contracts.sequence.LeadEvent;
import io.leadflow.contracts.sequence.SequenceStatus;
import io.leadflow.contracts.sequence.SequenceWorkflow;
import io.leadflow.contracts.trigger.EventPlan;
import io.leadflow.contracts.trigger.TriggerInput;
import io.leadflow.contracts.trigger.TriggerResult;
import io.leadflow.contracts.trigger.TriggerWorkflow;
import io.leadflow.workflows.sequences.AppointmentReminder;
import io.leadflow.workflows.sequences.LeadNurture;
import io.leadflow.workflows.support.Sequences;
import io.leadflow.workflows.support.WorkflowTestKit;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The stories whose histories guard determinism: each runs the current workflow code on the time-skipping test
 * server and returns the finished histories by file name. {@link RecordHistories} writes them under
 * {@code src/test/resources/histories}; {@link ReplayTest} replays the stored ones against the code on every build.
 */
final class HistoryScenarios {

    /** File name (without .json) to the scenario that produces it. */
    static final Map<String, Function<WorkflowTestKit, WorkflowExecutionHistory>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("trigger-meet-callback-enroll-notify", HistoryScenarios::triggerWithEverything);
        ALL.put("rule-sequence-waits-signals-pause-exit", HistoryScenarios::ruleSequenceWithSignals);
        ALL.put("appointment-reminder-email-fallback", HistoryScenarios::appointmentReminderWithoutReply);
        ALL.put("lead-nurture-exit-on-reply", HistoryScenarios::leadNurtureUntilReply);
        ALL.put("whatsapp-inbound-delivery", HistoryScenarios::inboundDelivery);
        ALL.put("inbox-reply-refused", HistoryScenarios::inboxReplyRefused);
        ALL.put("broadcast-scheduled-batches", HistoryScenarios::scheduledBroadcast);
        ALL.put("no-contact-job", HistoryScenarios::noContactJob);
        ALL.put("score-job", HistoryScenarios::scoreJob);
    }

    private HistoryScenarios() {
    }

    /** The activities a trigger needs besides the kit's: a Meet that books, a callback that lands. */
    static Object[] triggerActivities() {
        return new Object[] {
            (MeetActivities) create -> new MeetResult("https://meet.google.com/abc-defg-hij", "evt-1"),
            (CallbackActivities) delivery -> new CallbackResult(200, 1)
        };
    }

    /** A trigger with a Meet, a callback, one enrollment and one running sequence to tell. */
    static WorkflowExecutionHistory triggerWithEverything(WorkflowTestKit kit) {
        RuleSnapshot listening = rule("listening", List.of("demo_booked"), null, step("later", days(3), tag("x")));
        kit.startSequence(Sequences.input(listening));
        kit.env.sleep(Duration.ofMinutes(1));
        RuleSnapshot followUp = rule("follow-up", step("now", null, tag("booked")), step("later", hours(2),
                webhook("https://shop.example.com/hooks")));
        TriggerInput input = new TriggerInput(Sequences.TENANT, "e-replay-1", "demo_booked", "api", Sequences.LEAD,
                Map.of("service", "Demo"), new TriggerInput.MeetSpec("Demo", "2026-12-02T10:00:00Z", 30, List.of()),
                "https://shop.example.com/callbacks", Map.of("orderId", "o-1"), 0, 0,
                new EventPlan(Sequences.ASHA, "UTC", List.of("follow-up"),
                        List.of(new EnrollmentRequest(Sequences.input(followUp), "never")),
                        List.of("seq:acme:lead-1:rule:listening")));
        TriggerWorkflow trigger = kit.startTrigger(input);
        WorkflowStub.fromTyped(trigger).getResult(TriggerResult.class);
        return kit.history("trigger:acme:e-replay-1");
    }

    /** Delay, a wait for a reply that comes, a condition, pause and resume, then an exit event. */
    static WorkflowExecutionHistory ruleSequenceWithSignals(WorkflowTestKit kit) {
        Condition replied = Condition.leaf("wait.reply", "equal", "lead_replied");
        RuleSnapshot rule = rule("signals", List.of("tag_added:customer"), null,
                step("welcome", null, whatsappTemplate("welcome", "{{lead.firstName}}")),
                waitFor("reply", List.of("lead_replied"), days(2)),
                step("thanks", null, replied, tag("replied")),
                step("follow-up", days(1), email("Following up", "Hi {{lead.firstName}}")),
                step("last", days(5), tag("never-reached")));
        SequenceWorkflow sequence = kit.startSequence(Sequences.input(rule));
        kit.env.sleep(Duration.ofHours(5));
        sequence.leadEvent(new LeadEvent("lead_replied", null, "e-reply"));
        kit.env.sleep(Duration.ofHours(1));
        sequence.pause();
        kit.env.sleep(Duration.ofDays(2));
        sequence.resume();
        kit.env.sleep(Duration.ofDays(1));
        sequence.leadEvent(new LeadEvent("tag_added", "customer", "e-tag"));
        WorkflowStub.fromTyped(sequence).getResult(SequenceStatus.class);
        return kit.history("seq:acme:lead-1:rule:signals");
    }

    static WorkflowExecutionHistory appointmentReminderWithoutReply(WorkflowTestKit kit) {
        SequenceWorkflow reminder = kit.startSequence(Sequences.codeInput(AppointmentReminder.NAME,
                Map.of("service", "Dental cleaning", "appointmentTime", "Fri 10:30"), Sequences.ASHA));
        WorkflowStub.fromTyped(reminder).getResult(SequenceStatus.class);
        return kit.history("seq:acme:lead-1:code:appointment-reminder");
    }

    static WorkflowExecutionHistory leadNurtureUntilReply(WorkflowTestKit kit) {
        SequenceWorkflow nurture = kit.startSequence(Sequences.codeInput(LeadNurture.NAME, Map.of(),
                Map.of("firstName", "Asha", "email", "asha@example.com", "timezone", "Asia/Kolkata")));
        kit.env.sleep(Duration.ofDays(4));
        nurture.leadEvent(new LeadEvent("lead_replied", null, "e-reply"));
        WorkflowStub.fromTyped(nurture).getResult(SequenceStatus.class);
        return kit.history("seq:acme:lead-1:code:lead-nurture");
    }

    /** One WhatsApp delivery: a message and a receipt, processed by its one activity. */
    static WorkflowExecutionHistory inboundDelivery(WorkflowTestKit kit) {
        kit.start(InboundWorkflow.class, "inbound:acme:w-replay-1", Sequences.TENANT)
                .run(new InboundInput(Sequences.TENANT, "w-replay-1", 1, 1));
        return kit.history("inbound:acme:w-replay-1");
    }

    /** An inbox reply the channel refuses: the workflow ends normally with the code. */
    static WorkflowExecutionHistory inboxReplyRefused(WorkflowTestKit kit) {
        kit.messaging.sends = send -> {
            throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure("outside the 24-hour window",
                    "OUTSIDE_SERVICE_WINDOW");
        };
        kit.start(InboxReplyWorkflow.class, "reply:acme:c-replay-1", Sequences.TENANT).run(new InboxReply(Sequences.TENANT,
                Sequences.LEAD, "conv-1", "+919876543210", "Still there?", null, null, null, null, "reply:c-replay-1"));
        return kit.history("reply:acme:c-replay-1");
    }

    /** A broadcast that waits an hour for its start, writes 1,200 recipients down and sends them in three batches. */
    static WorkflowExecutionHistory scheduledBroadcast(WorkflowTestKit kit) {
        kit.messaging.audience = 1_200;
        BroadcastWorkflow broadcast = kit.start(BroadcastWorkflow.class, "broadcast:acme:b-replay-1", Sequences.TENANT);
        String at = Instant.ofEpochMilli(kit.env.currentTimeMillis()).plus(Duration.ofHours(1)).toString();
        WorkflowClient.start(broadcast::run, new BroadcastInput(Sequences.TENANT, "b-replay-1", "Spring sale", at, null,
                null));
        WorkflowStub.fromTyped(broadcast).getResult(BroadcastOutcome.class);
        return kit.history("broadcast:acme:b-replay-1");
    }

    static WorkflowExecutionHistory noContactJob(WorkflowTestKit kit) {
        kit.messaging.leads = 1_200;
        kit.start(NoContactJobWorkflow.class, "job:acme:no-contact-replay", Sequences.TENANT).run(JobInput.fresh(Sequences.TENANT));
        return kit.history("job:acme:no-contact-replay");
    }

    static WorkflowExecutionHistory scoreJob(WorkflowTestKit kit) {
        kit.messaging.leads = 1_200;
        kit.start(ScoreJobWorkflow.class, "job:acme:score-replay", Sequences.TENANT).run(JobInput.fresh(Sequences.TENANT));
        return kit.history("job:acme:score-replay");
    }

    /** A fresh test environment for one scenario, at a fixed instant so recordings are comparable. */
    static WorkflowTestKit kit() {
        return new WorkflowTestKit(Instant.parse("2026-12-04T12:00:00Z"), List.of(), triggerActivities());
    }
}
