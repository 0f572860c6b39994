package io.leadflow.workflows.sequence;

import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.rule.Action;
import io.leadflow.contracts.sequence.LeadEvent;
import io.leadflow.contracts.sequence.SequenceBookkeeping;
import io.leadflow.contracts.sequence.SequenceClosed;
import io.leadflow.contracts.sequence.SequenceInput;
import io.leadflow.contracts.sequence.SequenceOpened;
import io.leadflow.contracts.sequence.SequenceStarts;
import io.leadflow.contracts.sequence.SequenceStatus;
import io.leadflow.contracts.sequence.SequenceWorkflow;
import io.leadflow.contracts.temporal.LeadflowSearchAttributes;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.ContinueAsNewOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;

/**
 * Runs a sequence definition (a data rule's steps, or a registered code sequence) on a {@link SequenceRuntime}.
 *
 * <p>Its bookkeeping is local activities: the run writes its index entry when it starts and its final state when it
 * ends (two markers, no activity task). Operator state goes to search attributes when it changes. Nothing a step does
 * fails the workflow; a cancel requested through Temporal ends it as cancelled, with the index told first.
 */
public class SequenceWorkflowImpl implements SequenceWorkflow {

    private static final Logger log = Workflow.getLogger(SequenceWorkflowImpl.class);

    /** Index writes and lead reads: quick, retried for a while; a store outage longer than that only delays the index. */
    static final LocalActivityOptions BOOKKEEPING = LocalActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(10))
            .setScheduleToCloseTimeout(Duration.ofMinutes(30))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofMillis(500))
                    .setBackoffCoefficient(2)
                    .setMaximumInterval(Duration.ofMinutes(1))
                    .build())
            .build();

    private final SequenceRegistry registry;
    private final SequenceBookkeeping bookkeeping = Workflow.newLocalActivityStub(SequenceBookkeeping.class, BOOKKEEPING);
    private SequenceSignals signals;
    private SequenceRuntime runtime;
    private SequenceStatusBoard board;
    private SequenceInput input;
    private int totalSteps;
    private String finalStatus;
    private String finalReason;

    /** Workers build it with the registry of code sequences (the Spring starter injects it). */
    public SequenceWorkflowImpl(SequenceRegistry registry) {
        this.registry = registry;
    }

    @Override
    public SequenceStatus run(SequenceInput input) {
        this.input = input;
        String codeName = input.codeSequenceName();
        SequenceDefinition definition = codeName == null ? new RuleSequence(input.rule())
                : registry.find(codeName).orElse(null);
        List<String> stepIds = definition == null ? List.of() : definition.steps();
        totalSteps = stepIds.size();
        signals = new SequenceSignals(definition == null ? List.of() : definition.exitOn());
        board = new SequenceStatusBoard(stepIds.isEmpty() ? null : stepIds.get(0),
                Workflow.getTypedSearchAttributes().containsKey(LeadflowSearchAttributes.CLIENT_CODE));
        runtime = new SequenceRuntime(input, signals, bookkeeping, new StepActions(), board);
        open(definition);
        if (definition == null) {
            runtime.step("start");
            runtime.recordFailed(Action.NONE, ErrorCode.SEQUENCE_DEFINITION_NOT_FOUND.name(),
                    "no worker knows the code sequence '" + codeName + "'");
            return finish(SequenceStatus.FAILED, ErrorCode.SEQUENCE_DEFINITION_NOT_FOUND.name());
        }
        try {
            definition.run(runtime);
        } catch (CanceledFailure cancelled) {
            signals.cancel("cancelled through Temporal");
            Workflow.newDetachedCancellationScope(() -> finish(SequenceStatus.CANCELLED, signals.cancelReason())).run();
            throw cancelled;
        }
        if (signals.restartWith() != null) {
            SequenceInput next = signals.restartWith();
            ContinueAsNewOptions.Builder options = ContinueAsNewOptions.newBuilder();
            if (Workflow.getTypedSearchAttributes().containsKey(LeadflowSearchAttributes.CLIENT_CODE)) {
                options.setTypedSearchAttributes(SequenceStarts.searchAttributes(next));
            }
            Workflow.continueAsNew(options.build(), next);
        }
        if (signals.cancelReason() != null) {
            return finish(SequenceStatus.CANCELLED, signals.cancelReason());
        }
        if (signals.exitReason() != null) {
            return finish(SequenceStatus.EXITED, signals.exitReason());
        }
        if (runtime.leadGone()) {
            return finish(SequenceStatus.EXITED, "lead deleted");
        }
        return finish(SequenceStatus.COMPLETED, null);
    }

    @Override
    public void leadEvent(LeadEvent event) {
        whenStarted().leadEvent(event);
    }

    @Override
    public void pause() {
        SequenceSignals s = whenStarted();
        if (finalStatus == null && !s.paused()) {
            s.pause();
            board.status(SequenceStatus.PAUSED);
        }
    }

    @Override
    public void resume() {
        SequenceSignals s = whenStarted();
        if (finalStatus == null && s.paused()) {
            s.resume();
            board.status(SequenceStatus.RUNNING);
        }
    }

    @Override
    public void skipWait() {
        whenStarted().skipWait();
    }

    @Override
    public void cancel(String reason) {
        whenStarted().cancel(reason);
    }

    @Override
    public void restart(SequenceInput next) {
        whenStarted().restart(next, input.eventLogId());
    }

    @Override
    public SequenceStatus status() {
        if (runtime == null) {
            return null;
        }
        String status = finalStatus != null ? finalStatus : signals.paused() ? SequenceStatus.PAUSED : SequenceStatus.RUNNING;
        String reason = finalStatus != null ? finalReason
                : signals.exitReason() != null ? signals.exitReason() : signals.cancelReason();
        return new SequenceStatus(Workflow.getInfo().getWorkflowId(), input.clientCode(), input.leadId(),
                input.sequenceKey(), input.name(), status, runtime.stepIndex(),
                runtime.stepIndex() < 0 ? null : runtime.currentStepId(),
                finalStatus != null ? "done" : signals.paused() ? "paused" : board.nextWakeAt() != null ? "waiting" : "acting",
                board.nextWakeAt() == null ? null : board.nextWakeAt().toString(), totalSteps, runtime.steps(), reason);
    }

    /** Signals can arrive before run() built its state (signal-with-start, or a race on start): wait for it. */
    private SequenceSignals whenStarted() {
        Workflow.await(() -> signals != null);
        return signals;
    }

    private void open(SequenceDefinition definition) {
        try {
            bookkeeping.open(new SequenceOpened(input.clientCode(), Workflow.getInfo().getWorkflowId(), runtime.runId(),
                    input.leadId(), input.sequenceKey(), input.rule() == null ? null : input.rule().id(),
                    input.rule() == null ? (definition == null ? 0 : definition.version()) : input.rule().version(),
                    input.name(), input.eventLogId(), definition == null ? List.of() : definition.exitOn(),
                    definition == null ? List.of() : definition.listensTo(), totalSteps));
        } catch (ActivityFailure failure) {
            // The index catches up when the run closes (or through the reconciler); the sequence itself goes on.
            log.warn("could not write the index entry of {}: {}", Workflow.getInfo().getWorkflowId(), failure.getMessage());
        }
    }

    private SequenceStatus finish(String status, String reason) {
        finalStatus = status;
        finalReason = reason;
        board.status(status);
        try {
            bookkeeping.close(new SequenceClosed(input.clientCode(), Workflow.getInfo().getWorkflowId(), runtime.runId(),
                    status, reason, runtime.steps()));
        } catch (ActivityFailure failure) {
            log.warn("could not close the index entry of {}: {}", Workflow.getInfo().getWorkflowId(), failure.getMessage());
        }
        return status();
    }
}
