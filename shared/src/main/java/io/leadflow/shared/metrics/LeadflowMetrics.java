package io.leadflow.shared.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;

/**
 * Leadflow's own counters and timers (docs/OPERATIONS.md lists them with the alerts built on them). Every tag has a
 * bounded set of values: {@code tenant} is a provisioned client code (admins create tenants; a header a caller made up
 * never becomes a tag), the others are fixed words. Never a lead, rule, event or workflow ID.
 */
public final class LeadflowMetrics {

    /** Triggers fired at {@code POST /api/saas/workflows/trigger}; tags tenant, outcome. */
    public static final String TRIGGERS = "leadflow.triggers";
    /** From request to answer of an accepted trigger; tag answer (200, 202). */
    public static final String TRIGGER_ACCEPT = "leadflow.trigger.accept";
    /** Sequence runs started; tags tenant, kind (rule, code). */
    public static final String SEQUENCES_STARTED = "leadflow.sequences.started";
    /** Sequence runs ended; tags tenant, status (completed, exited, cancelled, failed, terminated, timed_out). */
    public static final String SEQUENCES_CLOSED = "leadflow.sequences.closed";
    /** Send attempts through a channel; tags tenant, channel (whatsapp, email, meet), outcome. */
    public static final String SENDS = "leadflow.sends";
    /** Callback and webhook delivery attempts; tags tenant, kind (callback, webhook), outcome. */
    public static final String CALLBACK_ATTEMPTS = "leadflow.callback.attempts";
    /** Planning one event: matching its trigger's rules against the lead and finding listening sequences. */
    public static final String RULE_MATCH = "leadflow.rules.match";
    /** Bulk operations' sequences handled; tags tenant, action, outcome (affected, skipped, failed). */
    public static final String BULK_SEQUENCES = "leadflow.bulk.sequences";

    private final MeterRegistry registry;

    public LeadflowMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts into a registry of its own, for code run without Spring (tests, tools). */
    public static LeadflowMetrics standalone() {
        return new LeadflowMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * A trigger's outcome: {@code accepted}, {@code duplicate}, {@code rejected}, {@code rate_limited} or
     * {@code failed}.
     */
    public void trigger(String tenant, String outcome) {
        count(TRIGGERS, "tenant", tenant, "outcome", outcome);
    }

    /** How long an accepted trigger took to answer. */
    public void triggerAccepted(String answer, Duration took) {
        Timer.builder(TRIGGER_ACCEPT).tag("answer", answer).register(registry).record(took);
    }

    public void sequenceStarted(String tenant, String kind) {
        count(SEQUENCES_STARTED, "tenant", tenant, "kind", kind);
    }

    public void sequenceClosed(String tenant, String status) {
        count(SEQUENCES_CLOSED, "tenant", tenant, "status", status);
    }

    /**
     * A send attempt's outcome: {@code sent}, {@code sandboxed} (the tenant's outbox), {@code failed} (permanent),
     * {@code retrying} (transient, Temporal retries it) or {@code skipped} (tenant suspended).
     */
    public void send(String tenant, String channel, String outcome) {
        count(SENDS, "tenant", tenant, "channel", channel, "outcome", outcome);
    }

    /** A delivery attempt's outcome: {@code delivered}, {@code retrying}, {@code failed} or {@code blocked}. */
    public void callbackAttempt(String tenant, String kind, String outcome) {
        count(CALLBACK_ATTEMPTS, "tenant", tenant, "kind", kind, "outcome", outcome);
    }

    public void ruleMatch(Duration took) {
        Timer.builder(RULE_MATCH).register(registry).record(took);
    }

    public void bulkSequences(String tenant, String action, String outcome, int count) {
        if (count > 0) {
            Counter.builder(BULK_SEQUENCES).tags("tenant", String.valueOf(tenant), "action", action, "outcome", outcome)
                    .register(registry).increment(count);
        }
    }

    private void count(String name, String... tags) {
        for (int i = 1; i < tags.length; i += 2) {
            if (tags[i] == null) {
                tags[i] = "none";
            }
        }
        Counter.builder(name).tags(tags).register(registry).increment();
    }
}
