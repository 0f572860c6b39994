package io.leadflow.contracts.channel;

import io.leadflow.contracts.error.ErrorCode;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * The recommended activity options per channel, for workflow stubs
 * ({@code Workflow.newActivityStub(WhatsAppActivities.class, ChannelActivityOptions.WHATSAPP)}). Every profile
 * retries transient failures with exponential backoff and declares the permanent failure types as
 * non-retryable, so a bad token or a blocked URL fails at once instead of burning the retry budget.
 */
public final class ChannelActivityOptions {

    /** Failure types that no retry can fix. */
    public static final String[] DO_NOT_RETRY = {
            ErrorCode.PROVIDER_PERMANENT.name(),
            ErrorCode.URL_NOT_ALLOWED.name(),
            ErrorCode.PROVIDER_NOT_CONFIGURED.name(),
            ErrorCode.TENANT_SUSPENDED.name()};

    /** How long a signed callback keeps retrying by default ({@code leadflow.channels.callback-retry-window}). */
    public static final Duration DEFAULT_CALLBACK_RETRY_WINDOW = Duration.ofHours(24);

    /**
     * WhatsApp Cloud API: one HTTP call of at most 25 s per attempt; rate limits and outages retried for up to
     * 30 minutes, after which a reminder is stale anyway.
     */
    public static final ActivityOptions WHATSAPP = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setScheduleToCloseTimeout(Duration.ofMinutes(30))
            .setRetryOptions(retry(Duration.ofSeconds(2), Duration.ofMinutes(5)))
            .build();

    /** SMTP: slow servers get a minute per attempt; greylisting (4xx) retried for up to 2 hours. */
    public static final ActivityOptions EMAIL = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(60))
            .setScheduleToCloseTimeout(Duration.ofHours(2))
            .setRetryOptions(retry(Duration.ofSeconds(10), Duration.ofMinutes(15)))
            .build();

    /**
     * Google Calendar / Meet: token exchange, insert and a short wait for the conference, 45 s per attempt;
     * retried for 10 minutes only, because the trigger waits for the link (or records a warning without it).
     */
    public static final ActivityOptions MEET = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(45))
            .setScheduleToCloseTimeout(Duration.ofMinutes(10))
            .setRetryOptions(retry(Duration.ofSeconds(2), Duration.ofMinutes(1)))
            .build();

    /**
     * The longest retry window a callback can be configured with. Workflow code can't read the configured window
     * ({@code leadflow.channels.callback-retry-window}), so the callback activity enforces it, ending the attempt log
     * row {@code failed} when it closes; this schedule-to-close is only the outer bound behind it.
     */
    public static final Duration CALLBACK_OUTER_BOUND = Duration.ofDays(7);

    /**
     * Signed callbacks and webhook actions: retried until the configured window closes (the activity decides),
     * within {@link #CALLBACK_OUTER_BOUND}.
     */
    public static final ActivityOptions CALLBACK = callback(CALLBACK_OUTER_BOUND);

    private ChannelActivityOptions() {
    }

    /**
     * Callback options with a given schedule-to-close: 10 s per attempt (plus headroom), exponential backoff from 30 s
     * doubling up to one hour between attempts.
     */
    public static ActivityOptions callback(Duration retryWindow) {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(15))
                .setScheduleToCloseTimeout(retryWindow)
                .setRetryOptions(retry(Duration.ofSeconds(30), Duration.ofHours(1)))
                .build();
    }

    private static RetryOptions retry(Duration initial, Duration maximum) {
        return RetryOptions.newBuilder()
                .setInitialInterval(initial)
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(maximum)
                .setDoNotRetry(DO_NOT_RETRY)
                .build();
    }
}
