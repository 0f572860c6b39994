package io.leadflow.workflows.sequence;

import io.leadflow.activities.callback.CallbackActivities;
import io.leadflow.activities.channel.ChannelActivityOptions;
import io.leadflow.activities.meet.MeetActivities;
import io.leadflow.activities.email.EmailActivities;
import io.leadflow.activities.sequence.SequenceActivities;
import io.leadflow.activities.whatsapp.WhatsAppActivities;
import io.leadflow.shared.error.ErrorCode;
import io.leadflow.shared.sequence.LeadEvent;
import io.leadflow.shared.sequence.SequenceInput;
import io.leadflow.shared.sequence.SequenceStatus;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** Runs a sequence definition on a {@link SequenceRuntime}; signals and the status query go to the runtime. */
public class SequenceWorkflowImpl implements SequenceWorkflow {

    /** Database work: quick, retried patiently so a database blip never loses a step. */
    private final SequenceActivities crm = Workflow.newActivityStub(SequenceActivities.class,
            ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(30))
                    .setRetryOptions(RetryOptions.newBuilder()
                            .setInitialInterval(Duration.ofSeconds(1))
                            .setBackoffCoefficient(2)
                            .setMaximumInterval(Duration.ofMinutes(2))
                            .setMaximumAttempts(20)
                            .setDoNotRetry(ErrorCode.VALIDATION_FAILED.name(), ErrorCode.LEAD_NOT_FOUND.name())
                            .build())
                    .build());

    /** Provider sends: per-channel time-outs, transient failures retried, permanent ones not. */
    private final WhatsAppActivities whatsapp =
            Workflow.newActivityStub(WhatsAppActivities.class, ChannelActivityOptions.WHATSAPP);
    private final EmailActivities email = Workflow.newActivityStub(EmailActivities.class, ChannelActivityOptions.EMAIL);
    private final MeetActivities meet = Workflow.newActivityStub(MeetActivities.class, ChannelActivityOptions.MEET);
    private final CallbackActivities webhooks =
            Workflow.newActivityStub(CallbackActivities.class, ChannelActivityOptions.CALLBACK);

    private SequenceRuntime runtime;
    private boolean publishedPaused;

    @Override
    public SequenceStatus run(SequenceInput input) {
        crm.recordEnrollment(input, Workflow.getInfo().getWorkflowId());
        runtime = new SequenceRuntime(input, crm, new ActionRunner(crm, whatsapp, email, meet, webhooks));
        SequenceDefinition definition = definitionOf(input);
        runtime.setTotalSteps(definition.totalSteps());
        Async.procedure(this::publishPauseChanges);
        definition.run(runtime);
        return runtime.finish();
    }

    @Override
    public void leadEvent(LeadEvent event) {
        whenStarted().onLeadEvent(event);
    }

    @Override
    public void pause() {
        whenStarted().onPause();
    }

    @Override
    public void resume() {
        whenStarted().onResume();
    }

    @Override
    public void skipWait() {
        whenStarted().onSkipWait();
    }

    @Override
    public void cancel(String reason) {
        whenStarted().onCancel(reason);
    }

    @Override
    public SequenceStatus status() {
        return runtime == null ? null : runtime.status();
    }

    /** Signals can arrive before run() built the runtime (signal-with-start, or a race on start): wait for it. */
    private SequenceRuntime whenStarted() {
        Workflow.await(() -> runtime != null);
        return runtime;
    }

    /** Mirrors pause/resume into the operator index; signal handlers can't call activities themselves. */
    private void publishPauseChanges() {
        while (true) {
            Workflow.await(() -> runtime.paused() != publishedPaused || runtime.stopped());
            if (runtime.stopped()) {
                return;
            }
            publishedPaused = runtime.paused();
            runtime.publishPauseChange(publishedPaused);
        }
    }

    private static SequenceDefinition definitionOf(SequenceInput input) {
        if (input.rule() != null) {
            return new RuleSequence(input.rule());
        }
        throw ApplicationFailure.newNonRetryableFailure("no sequence definition named " + input.codeSequence(),
                ErrorCode.VALIDATION_FAILED.name());
    }
}
