package io.leadflow.workflows.trigger;

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
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    private TriggerAcceptance acceptance;

    @Override
    public TriggerResult run(TriggerInput input) {
        try {
            TriggerPlan plan = events.begin(input);
            acceptance = new TriggerAcceptance(plan.leadId(), plan.matchedRules().size(), plan.matchedRuleIds(),
                    null, null);
            events.recordAcceptance(input.clientCode(), input.eventLogId(), acceptance);
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
            return new TriggerResult(input.eventLogId(), plan.matchedRules().size(), enrolled, null);
        } catch (ActivityFailure failure) {
            String code = failure.getCause() instanceof ApplicationFailure app && app.getType() != null
                    ? app.getType() : ErrorCode.INTERNAL.name();
            log.warn("event {} failed: {}", input.eventLogId(), failure.getMessage());
            events.fail(input.clientCode(), input.eventLogId(), code, "processing failed: " + code);
            throw failure;
        }
    }

    private static java.util.Map<String, Object> resolved(TriggerAcceptance acceptance) {
        java.util.Map<String, Object> resolved = new java.util.LinkedHashMap<>();
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
