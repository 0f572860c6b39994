package io.leadflow.workflows.sequence;

/**
 * How a {@code waitFor} ended: an awaited event came ({@link #event()} names it, with its qualifier when it has
 * one: {@code tag_added:customer}), the timeout passed, an operator skipped the wait, or the sequence stopped
 * (exited, cancelled) while waiting.
 */
public record WaitResult(String value) {

    public static final WaitResult TIMEOUT = new WaitResult("timeout");
    public static final WaitResult SKIPPED = new WaitResult("skipped");
    public static final WaitResult STOPPED = new WaitResult("stopped");

    static WaitResult event(String name) {
        return new WaitResult(name);
    }

    /** True when one of the awaited events came. */
    public boolean happened() {
        return !equals(TIMEOUT) && !equals(SKIPPED) && !equals(STOPPED);
    }

    public boolean timedOut() {
        return equals(TIMEOUT);
    }

    /** The event that came ({@code lead_replied}), or null. */
    public String event() {
        return happened() ? value : null;
    }
}
