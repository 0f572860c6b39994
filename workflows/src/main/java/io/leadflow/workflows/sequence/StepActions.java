package io.leadflow.workflows.sequence;

import io.leadflow.contracts.action.ActionActivities;
import io.leadflow.contracts.action.ActionOutcome;
import io.leadflow.contracts.action.ActionRequest;
import io.leadflow.contracts.channel.ChannelActivityOptions;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.rule.Action;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs one action through the {@link ActionActivities} stub of its retry profile and turns every way it can end into
 * a step outcome: done, skipped with a code, or failed with a code. An action never fails the sequence.
 */
final class StepActions {

    /** CRM updates: quick database work, retried patiently so a database blip never loses a step. */
    static final ActivityOptions CRM = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setScheduleToCloseTimeout(Duration.ofHours(1))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(1))
                    .setBackoffCoefficient(2)
                    .setMaximumInterval(Duration.ofMinutes(2))
                    .setDoNotRetry(ChannelActivityOptions.DO_NOT_RETRY)
                    .build())
            .build();

    /** The outcome of one action, as the step records it. */
    record Result(String outcome, Map<String, Object> result) {
    }

    Result run(ActionRequest request, String summary) {
        ActionActivities stub = Workflow.newActivityStub(ActionActivities.class,
                ActivityOptions.newBuilder(optionsFor(request.type())).setSummary(summary).build());
        try {
            ActionOutcome outcome = switch (request.type()) {
                case Action.SEND_WHATSAPP -> stub.sendWhatsApp(request);
                case Action.SEND_EMAIL -> stub.sendEmail(request);
                case Action.CREATE_MEET -> stub.createMeet(request);
                case Action.WEBHOOK -> stub.callWebhook(request);
                case Action.MOVE_STAGE, Action.ASSIGN_TO, Action.ADD_TAG, Action.REMOVE_TAG -> stub.updateLead(request);
                default -> null;
            };
            if (outcome == null) {
                return failed(ErrorCode.UNKNOWN_ACTION.name(), "unknown action " + request.type());
            }
            if (ActionOutcome.SKIPPED.equals(outcome.outcome())) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("code", outcome.code());
                return new Result("skipped", result);
            }
            return new Result("done", outcome.result() == null ? Map.of() : outcome.result());
        } catch (ActivityFailure failure) {
            return failed(codeOf(failure), messageOf(failure));
        }
    }

    static boolean isLeadFacing(String type) {
        return Action.SEND_WHATSAPP.equals(type) || Action.SEND_EMAIL.equals(type);
    }

    private static ActivityOptions optionsFor(String type) {
        return switch (type) {
            case Action.SEND_WHATSAPP -> ChannelActivityOptions.WHATSAPP;
            case Action.SEND_EMAIL -> ChannelActivityOptions.EMAIL;
            case Action.CREATE_MEET -> ChannelActivityOptions.MEET;
            case Action.WEBHOOK -> ChannelActivityOptions.CALLBACK;
            default -> CRM;
        };
    }

    private static Result failed(String code, String message) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("code", code);
        if (message != null) {
            result.put("message", message);
        }
        return new Result("failed", result);
    }

    /** The failure's stable code: the ApplicationFailure type, else why the retries ended. */
    static String codeOf(ActivityFailure failure) {
        if (failure.getCause() instanceof ApplicationFailure app && app.getType() != null && isCode(app.getType())) {
            return app.getType();
        }
        if (failure.getCause() instanceof TimeoutFailure) {
            return "TIMED_OUT";
        }
        return "ACTIVITY_FAILED";
    }

    private static String messageOf(ActivityFailure failure) {
        if (failure.getCause() instanceof ApplicationFailure app) {
            return app.getOriginalMessage();
        }
        return failure.getCause() == null ? null : failure.getCause().getClass().getSimpleName();
    }

    private static boolean isCode(String type) {
        for (ErrorCode code : ErrorCode.values()) {
            if (code.name().equals(type)) {
                return true;
            }
        }
        return false;
    }
}
