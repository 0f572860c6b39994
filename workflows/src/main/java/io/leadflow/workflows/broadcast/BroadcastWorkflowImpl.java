package io.leadflow.workflows.broadcast;

import io.leadflow.contracts.broadcast.BroadcastActivities;
import io.leadflow.contracts.broadcast.BroadcastBatch;
import io.leadflow.contracts.broadcast.BroadcastInput;
import io.leadflow.contracts.broadcast.BroadcastOutcome;
import io.leadflow.contracts.broadcast.BroadcastStep;
import io.leadflow.contracts.broadcast.BroadcastWorkflow;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;

/**
 * A broadcast in two phases, each a loop of idempotent batches: the audience is written down (so its size is known and
 * fixed), then sent to at the tenant's rate. Every batch is one activity; after {@link #BATCHES_PER_RUN} batches (or
 * when Temporal suggests it) the run continues as new with its cursor, so 100,000 recipients never come near the
 * history limits. A worker crash mid-batch costs one heartbeat timeout: the retried batch resumes after the last
 * recipient it handled, and a recipient's send is keyed by the broadcast and the lead, so no one gets it twice.
 */
public class BroadcastWorkflowImpl implements BroadcastWorkflow {

    /** Leads written down per prepare batch. */
    static final int PREPARE_BATCH = 1_000;
    /** Recipients per send batch (a batch also ends after about a minute of sending, whatever the tenant's rate). */
    static final int SEND_BATCH = 500;
    /** Batches per run before it continues as new: about 700 history events. */
    static final int BATCHES_PER_RUN = 100;

    /** Database pages: quick, retried patiently. */
    static final ActivityOptions PREPARE = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(2))
            .setScheduleToCloseTimeout(Duration.ofHours(24))
            .setRetryOptions(retry())
            .setSummary("write down the audience")
            .build();

    /**
     * Sends: a batch runs for about a minute and heartbeats after each recipient, so a dead worker is noticed within
     * the heartbeat timeout and the retry resumes where it stopped.
     */
    static final ActivityOptions SEND = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(5))
            .setHeartbeatTimeout(Duration.ofSeconds(20))
            .setScheduleToCloseTimeout(Duration.ofHours(24))
            .setRetryOptions(retry())
            .setSummary("send a batch")
            .build();

    static final LocalActivityOptions FINISH = LocalActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(10))
            .setScheduleToCloseTimeout(Duration.ofMinutes(30))
            .build();

    private final BroadcastActivities prepare = Workflow.newActivityStub(BroadcastActivities.class, PREPARE);
    private final BroadcastActivities send = Workflow.newActivityStub(BroadcastActivities.class, SEND);
    private final BroadcastActivities bookkeeping = Workflow.newLocalActivityStub(BroadcastActivities.class, FINISH);
    private boolean cancelled;

    @Override
    public BroadcastOutcome run(BroadcastInput input) {
        String phase = input.phase();
        if (phase == null) {
            if (input.scheduleAt() != null) {
                waitUntil(Instant.parse(input.scheduleAt()));
            }
            phase = BroadcastInput.PREPARE;
        }
        String cursor = input.cursor();
        long prepared = 0;
        long handled = 0;
        int batches = 0;
        while (!cancelled) {
            if (batches >= BATCHES_PER_RUN || Workflow.getInfo().isContinueAsNewSuggested()) {
                Workflow.continueAsNew(input.at(phase, cursor));
            }
            batches++;
            if (BroadcastInput.PREPARE.equals(phase)) {
                BroadcastBatch batch = prepare.prepare(step(input, cursor, PREPARE_BATCH));
                prepared += batch.processed();
                cursor = batch.nextCursor();
                if (batch.cancelled()) {
                    break;
                }
                if (batch.done()) {
                    phase = BroadcastInput.SEND;
                    cursor = null;
                }
                continue;
            }
            BroadcastBatch batch = send.send(step(input, cursor, SEND_BATCH));
            handled += batch.processed();
            cursor = batch.nextCursor();
            if (batch.cancelled()) {
                break;
            }
            if (batch.done()) {
                bookkeeping.finish(input.clientCode(), input.broadcastId(), "completed");
                return new BroadcastOutcome("completed", prepared, handled);
            }
        }
        bookkeeping.finish(input.clientCode(), input.broadcastId(), "cancelled");
        return new BroadcastOutcome("cancelled", prepared, handled);
    }

    @Override
    public void cancel(String reason) {
        cancelled = true;
    }

    /** Waits for the start time; a cancel ends the wait (and the timer) at once. */
    private void waitUntil(Instant at) {
        Duration wait = Duration.between(Instant.ofEpochMilli(Workflow.currentTimeMillis()), at);
        if (wait.isNegative() || wait.isZero()) {
            return;
        }
        Promise<Void>[] timer = new Promise[1];
        CancellationScope scope = Workflow.newCancellationScope(() -> timer[0] = Workflow.newTimer(wait,
                TimerOptions.newBuilder().setSummary("wait until " + at).build()));
        scope.run();
        Workflow.await(() -> timer[0].isCompleted() || cancelled);
        if (!timer[0].isCompleted()) {
            scope.cancel();
        }
    }

    private static BroadcastStep step(BroadcastInput input, String cursor, int limit) {
        return new BroadcastStep(input.clientCode(), input.broadcastId(), cursor, limit);
    }

    private static RetryOptions retry() {
        return RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setBackoffCoefficient(2)
                .setMaximumInterval(Duration.ofMinutes(1))
                .build();
    }
}
