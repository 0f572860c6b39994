package io.leadflow.workflows.trigger;

import io.leadflow.contracts.callback.CallbackActivities;
import io.leadflow.contracts.callback.CallbackDelivery;
import io.leadflow.contracts.channel.ChannelActivityOptions;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.meet.MeetActivities;
import io.leadflow.contracts.meet.MeetCreate;
import io.leadflow.contracts.meet.MeetResult;
import io.leadflow.contracts.sequence.LeadEvent;
import io.leadflow.contracts.trigger.EventBookkeeping;
import io.leadflow.contracts.trigger.EventCompletion;
import io.leadflow.contracts.trigger.EventPlan;
import io.leadflow.contracts.trigger.TriggerAcceptance;
import io.leadflow.contracts.trigger.TriggerInput;
import io.leadflow.contracts.trigger.TriggerResult;
import io.leadflow.contracts.trigger.TriggerWorkflow;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Deterministic implementation of {@link TriggerWorkflow}. Its own history stays short: the event's bookkeeping is
 * local activities, enrollments are child workflows, lead events are signals, and the only activity tasks are the
 * Meet (when asked) and the signed callback (when given).
 */
public class TriggerWorkflowImpl implements TriggerWorkflow {

    private static final Logger log = Workflow.getLogger(TriggerWorkflowImpl.class);

    /** Event-log writes and the plan of a delayed event: quick, retried for a while. */
    static final LocalActivityOptions BOOKKEEPING = LocalActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(10))
            .setScheduleToCloseTimeout(Duration.ofMinutes(30))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofMillis(500))
                    .setBackoffCoefficient(2)
                    .setMaximumInterval(Duration.ofMinutes(1))
                    .setDoNotRetry(ErrorCode.VALIDATION_FAILED.name())
                    .build())
            .build();

    private final EventBookkeeping bookkeeping = Workflow.newLocalActivityStub(EventBookkeeping.class, BOOKKEEPING);
    private final MeetActivities meet = Workflow.newActivityStub(MeetActivities.class,
            ActivityOptions.newBuilder(ChannelActivityOptions.MEET).setSummary("create Google Meet").build());
    private final CallbackActivities callbacks = Workflow.newActivityStub(CallbackActivities.class,
            ActivityOptions.newBuilder(ChannelActivityOptions.CALLBACK).setSummary("deliver signed callback").build());

    private TriggerAcceptance acceptance;

    @Override
    public TriggerResult run(TriggerInput input) {
        String meetLink = null;
        String meetWarning = null;
        if (input.meet() != null && input.leadId() != null) {
            try {
                meetLink = bookMeet(input).meetLink();
            } catch (ActivityFailure failure) {
                // A Meet that can't be booked never fails the event: the answer carries a warning instead.
                meetWarning = "Google Meet could not be created (" + failureCode(failure) + ")";
            }
        }
        EventPlan planned = input.plan();
        acceptance = new TriggerAcceptance(input.leadId(), planned == null ? 0 : planned.matchedRuleIds().size(),
                planned == null ? List.of() : planned.matchedRuleIds(), meetLink, meetWarning);
        Promise<String> callback = input.callbackUrl() == null ? null : Async.function(this::deliverCallback, input);
        if (input.delayMinutes() > 0) {
            Workflow.newTimer(Duration.ofMinutes(input.delayMinutes()), TimerOptions.newBuilder()
                    .setSummary("delay " + input.delayMinutes() + " minutes").build()).get();
            planned = bookkeeping.plan(input);
        }
        EventPlan plan = planned == null ? EventPlan.empty() : planned;
        Map<String, Object> resolved = new LinkedHashMap<>();
        if (meetLink != null) {
            resolved.put("meetLink", meetLink);
        }
        int notified = notifySequences(plan.listeners(), LeadEvent.of(input.trigger(), input.variables(), input.eventLogId()));
        Enrollments.Outcome enrolled = Enrollments.enroll(plan.enroll(), resolved);
        try {
            bookkeeping.complete(new EventCompletion(input.clientCode(), input.eventLogId(), plan.matchedRuleIds(),
                    enrolled.started(), enrolled.alreadyEnrolled(), notified, meetLink, meetWarning));
        } catch (ActivityFailure failure) {
            // The reconciler completes the log entry from this workflow's result once the store is back.
            log.warn("could not mark event {} completed: {}", input.eventLogId(), failure.getMessage());
        }
        String callbackStatus = callback == null ? null : callback.get();
        return new TriggerResult(input.eventLogId(), plan.matchedRuleIds().size(), enrolled.started(), notified,
                callbackStatus);
    }

    /** Tells each listening sequence, all at once; a sequence that closed meanwhile is simply not told. */
    private static int notifySequences(List<String> workflowIds, LeadEvent event) {
        List<Promise<Void>> sent = new ArrayList<>();
        for (String workflowId : workflowIds) {
            io.leadflow.contracts.sequence.SequenceWorkflow sequence = Workflow.newExternalWorkflowStub(
                    io.leadflow.contracts.sequence.SequenceWorkflow.class, workflowId);
            sent.add(Async.procedure(sequence::leadEvent, event));
        }
        int told = 0;
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get();
                told++;
            } catch (RuntimeException failure) {
                if (!ExternalSignals.targetClosed(failure)) {
                    throw failure;
                }
                log.debug("sequence {} was not told: it has no open run", workflowIds.get(i));
            }
        }
        return told;
    }

    private MeetResult bookMeet(TriggerInput input) {
        TriggerInput.MeetSpec spec = input.meet();
        List<String> attendees = new ArrayList<>();
        if (spec.attendees() != null) {
            attendees.addAll(spec.attendees());
        }
        Object leadEmail = input.plan() == null || input.plan().lead() == null ? null : input.plan().lead().get("email");
        if (leadEmail != null && !attendees.contains(leadEmail.toString())) {
            attendees.add(leadEmail.toString());
        }
        return meet.createMeet(new MeetCreate(input.clientCode(), input.leadId(),
                spec.summary() == null ? input.trigger().replace('_', ' ') : spec.summary(), spec.startTime(),
                spec.durationMinutes() == null ? 30 : spec.durationMinutes(), attendees,
                Workflow.getInfo().getWorkflowId() + ":meet"));
    }

    /**
     * Tells the client site that the event was accepted, signed with the tenant's secret; retried durably for the
     * callback window while the event itself goes on. Each attempt is in the callback log.
     */
    private String deliverCallback(TriggerInput input) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("eventLogId", input.eventLogId());
        payload.put("trigger", input.trigger());
        payload.put("leadId", acceptance.leadId());
        payload.put("rulesMatched", acceptance.rulesMatched());
        payload.put("meetLink", acceptance.meetLink());
        if (acceptance.meetWarning() != null) {
            payload.put("meetWarning", acceptance.meetWarning());
        }
        payload.put("status", "accepted");
        payload.put("metadata", input.callbackMetadata() == null ? Map.of() : input.callbackMetadata());
        try {
            callbacks.deliver(new CallbackDelivery(input.clientCode(), input.eventLogId(),
                    "msg_" + input.eventLogId() + "_callback", input.callbackUrl(), payload));
            return "delivered";
        } catch (ActivityFailure failure) {
            String code = failureCode(failure);
            if (ErrorCode.TENANT_SUSPENDED.name().equals(code)) {
                return "skipped";
            }
            log.warn("callback of event {} failed for good: {}", input.eventLogId(), code);
            return "failed";
        }
    }

    private static String failureCode(ActivityFailure failure) {
        return failure.getCause() instanceof ApplicationFailure app && app.getType() != null
                ? app.getType() : ErrorCode.INTERNAL.name();
    }

    @Override
    public TriggerAcceptance accepted() {
        Workflow.await(() -> acceptance != null);
        return acceptance;
    }

    @Override
    public TriggerAcceptance acceptance() {
        return acceptance;
    }
}
