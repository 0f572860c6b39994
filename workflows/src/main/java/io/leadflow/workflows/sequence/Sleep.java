package io.leadflow.workflows.sequence;

import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A durable timer with a summary (what the Temporal Web UI shows on it) that can be cut short: a wait that ends
 * early on a signal cancels its timer, so no stray timer fires later and costs another workflow task.
 */
final class Sleep {

    private final CancellationScope scope;
    private Promise<Void> timer;

    private Sleep(Duration duration, String summary) {
        this.scope = Workflow.newCancellationScope(() -> timer = Workflow.newTimer(duration,
                TimerOptions.newBuilder().setSummary(summary).build()));
        scope.run();
    }

    private Sleep() {
        this.scope = null;
    }

    /** A timer until {@code at}; with a null {@code at}, a sleep that never ends by itself. */
    static Sleep until(Instant at, String summary, Supplier<Instant> now) {
        if (at == null) {
            return new Sleep();
        }
        Duration remaining = Duration.between(now.get(), at);
        if (remaining.isNegative() || remaining.isZero()) {
            remaining = Duration.ofMillis(1);
        }
        return new Sleep(remaining, summary);
    }

    boolean isOver() {
        return timer != null && timer.isCompleted();
    }

    /** Cancels the timer if it has not fired. */
    void cancel() {
        if (scope != null && !timer.isCompleted()) {
            scope.cancel();
        }
    }
}
