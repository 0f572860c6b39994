package io.leadflow.workflows.trigger;

import io.leadflow.activities.callback.CallbackActivities;
import io.leadflow.activities.callback.CallbackDelivery;
import io.leadflow.activities.channel.ChannelActivityOptions;
import io.leadflow.activities.meet.MeetActivities;
import io.leadflow.activities.meet.MeetCreate;
import io.leadflow.activities.meet.MeetResult;
import io.leadflow.activities.sequence.EnrollmentActivities;
import io.leadflow.activities.sequence.EnrollmentOutcome;
import io.leadflow.activities.trigger.TriggerActivities;
import io.leadflow.activities.trigger.TriggerPlan;
import io.leadflow.shared.engine.TriggerAcceptance;
import io.leadflow.shared.engine.TriggerInput;
import io.leadflow.shared.error.ErrorCode;
import io.leadflow.shared.rule.AutomationRule;
import io.leadflow.shared.sequence.LeadEvent;
import io.leadflow.shared.sequence.SequenceInput;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/** Deterministic implementation of {@link TriggerWorkflow}: every side effect is an activity. */
public class TriggerWorkflowImpl implements TriggerWorkflow {

    private static final Logger log = Workflow.getLogger(TriggerWorkflowImpl.class);

    /** Database updates: quick, retried patiently (a database blip must not fail an event). */
    private final TriggerActivities events = Workflow.newActivityStub(TriggerActivities.class,
            ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(30))
                    .setRetryOptions(RetryOptions.newBuilder()
                            .setInitialInterval(Duration.ofSeconds(1))
                            .setBackoffCoefficient(2)
                            .setMaximumInterval(Duration.ofMinutes(1))
                            .setDoNotRetry(ErrorCode.VALIDATION_FAILED.name())
                            .build())
                    .build());

    /** Starting workflows and signalling them: quick Temporal calls, retried patiently. */
    private final EnrollmentActivities enrollment = Workflow.newActivityStub(EnrollmentActivities.class,
            ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(30))
                    .setRetryOptions(RetryOptions.newBuilder()
                            .setInitialInterval(Duration.ofSeconds(1))
                            .setBackoffCoefficient(2)
                            .setMaximumInterval(Duration.ofMinutes(1))
                            .build())
                    .build());

    private final MeetActivities meet = Workflow.newActivityStub(MeetActivities.class, ChannelActivityOptions.MEET);
    private final CallbackActivities callbacks =
            Workflow.newActivityStub(CallbackActivities.class, ChannelActivityOptions.CALLBACK);

    private TriggerAcceptance acceptance;

    @Override
    public TriggerResult run(TriggerInput input) {
        try {
            TriggerPlan plan = events.begin(input);
            String meetLink = null;
            String meetWarning = null;
            if (input.meet() != null && plan.leadId() != null) {
                try {
                    meetLink = bookMeet(input, plan).meetLink();
                } catch (ActivityFailure failure) {
                    // A Meet that can't be booked never fails the trigger: the answer carries a warning instead.
                    meetWarning = "Google Meet could not be created (" + failureCode(failure) + ")";
                }
            }
            acceptance = new TriggerAcceptance(plan.leadId(), plan.matchedRules().size(), plan.matchedRuleIds(),
                    meetLink, meetWarning);
            events.recordAcceptance(input.clientCode(), input.eventLogId(), acceptance);
            Promise<String> callback = input.callbackUrl() == null ? null
                    : Async.function(this::deliverCallback, input);
            if (input.delayMinutes() > 0) {
                Workflow.sleep(Duration.ofMinutes(input.delayMinutes()));
            }
            if (plan.leadId() != null) {
                enrollment.notifyLeadSequences(input.clientCode(), plan.leadId(),
                        LeadEvent.of(input.trigger(), input.variables(), input.eventLogId()));
            }
            List<String> enrolled = new ArrayList<>();
            for (AutomationRule rule : plan.matchedRules()) {
                EnrollmentOutcome outcome = enrollment.enroll(new SequenceInput(input.clientCode(), plan.leadId(),
                        SequenceInput.ruleKey(rule.id()), rule.name(), rule, null, input.trigger(), input.variables(),
                        resolved(acceptance), input.eventLogId(), plan.tenantTimezone(), input.depth()),
                        rule.reEnrollment());
                if (outcome.enrolled()) {
                    enrolled.add(outcome.workflowId());
                }
            }
            events.complete(input.clientCode(), input.eventLogId(),
                    plan.matchedRules().size() + " rule(s) matched, " + enrolled.size() + " sequence(s) started");
            String callbackStatus = callback == null ? null : callback.get();
            return new TriggerResult(input.eventLogId(), plan.matchedRules().size(), enrolled, callbackStatus);
        } catch (ActivityFailure failure) {
            String code = failureCode(failure);
            log.warn("event {} failed: {}", input.eventLogId(), failure.getMessage());
            events.fail(input.clientCode(), input.eventLogId(), code, "processing failed: " + code);
            throw failure;
        }
    }

    private MeetResult bookMeet(TriggerInput input, TriggerPlan plan) {
        TriggerInput.MeetSpec spec = input.meet();
        List<String> attendees = new ArrayList<>();
        if (spec.attendees() != null) {
            attendees.addAll(spec.attendees());
        }
        Object leadEmail = plan.leadContext().get("email");
        if (leadEmail != null && !attendees.contains(leadEmail.toString())) {
            attendees.add(leadEmail.toString());
        }
        return meet.createMeet(new MeetCreate(input.clientCode(), plan.leadId(),
                spec.summary() == null ? input.trigger().replace('_', ' ') : spec.summary(), spec.startTime(),
                spec.durationMinutes() == null ? 30 : spec.durationMinutes(), attendees,
                Workflow.getInfo().getWorkflowId() + ":meet"));
    }

    /**
     * Tells the client site what the event did, signed with the tenant's secret; retried durably for up to 24 h
     * while the event itself completes. The outcome of each attempt is in the callback log.
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
            log.warn("callback of event {} failed for good: {}", input.eventLogId(), failureCode(failure));
            return "failed";
        }
    }

    private static String failureCode(ActivityFailure failure) {
        return failure.getCause() instanceof ApplicationFailure app && app.getType() != null
                ? app.getType() : ErrorCode.INTERNAL.name();
    }

    private static Map<String, Object> resolved(TriggerAcceptance acceptance) {
        Map<String, Object> resolved = new LinkedHashMap<>();
        if (acceptance.meetLink() != null) {
            resolved.put("meetLink", acceptance.meetLink());
        }
        return resolved;
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
