package io.leadflow.workflows.sequence;

import io.leadflow.contracts.sequence.LeadEvent;
import io.leadflow.contracts.sequence.SequenceInput;
import java.util.ArrayList;
import java.util.List;

/**
 * What the outside world told a running sequence, held in workflow state: lead events (buffered, so one that lands
 * while an activity runs or before a wait begins is never lost), pause and resume, skip-wait, cancel and restart.
 * Only signal handlers change it; the runtime reads it in its wait conditions.
 */
final class SequenceSignals {

    private final List<String> exitOn;
    private final List<LeadEvent> events = new ArrayList<>();
    private int consumedEvents;
    private boolean paused;
    private boolean skipRequested;
    private String exitReason;
    private String cancelReason;
    private SequenceInput restartWith;

    SequenceSignals(List<String> exitOn) {
        this.exitOn = exitOn == null ? List.of() : List.copyOf(exitOn);
    }

    void leadEvent(LeadEvent event) {
        for (LeadEvent seen : events) {
            if (event.eventLogId() != null && event.eventLogId().equals(seen.eventLogId())
                    && event.name().equals(seen.name())) {
                return; // the same event redelivered (a retried fan-out): once is enough
            }
        }
        events.add(event);
        if (exitReason == null && exitOn.stream().anyMatch(event::matches)) {
            exitReason = describe(event);
        }
    }

    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
    }

    void skipWait() {
        skipRequested = true;
    }

    void cancel(String reason) {
        if (cancelReason == null) {
            cancelReason = reason == null || reason.isBlank() ? "cancelled by operator" : reason;
        }
    }

    /**
     * A restart for another enrollment; the same event delivered again (a retried dispatch) restarts nothing.
     *
     * @param currentEventLogId the event that enrolled the running run
     */
    void restart(SequenceInput input, String currentEventLogId) {
        boolean sameEvent = input.eventLogId() != null && input.eventLogId().equals(currentEventLogId);
        if (restartWith == null && !sameEvent) {
            restartWith = input;
        }
    }

    /** Exited, cancelled or restarting: no further step may run. */
    boolean stopped() {
        return exitReason != null || cancelReason != null || restartWith != null;
    }

    boolean paused() {
        return paused;
    }

    /** Takes a pending skip-wait, if any; a skip ends exactly one wait. */
    boolean takeSkip() {
        boolean skip = skipRequested;
        skipRequested = false;
        return skip;
    }

    boolean skipRequested() {
        return skipRequested;
    }

    /** The index of the first unconsumed event matching one of {@code names}, or -1. */
    int findEvent(List<String> names) {
        for (int i = consumedEvents; i < events.size(); i++) {
            LeadEvent event = events.get(i);
            if (names.stream().anyMatch(event::matches)) {
                return i;
            }
        }
        return -1;
    }

    /** Consumes the event at {@code index} (and everything before it) and says what it was. */
    String consume(int index) {
        consumedEvents = index + 1;
        return describe(events.get(index));
    }

    String exitReason() {
        return exitReason;
    }

    String cancelReason() {
        return cancelReason;
    }

    SequenceInput restartWith() {
        return restartWith;
    }

    private static String describe(LeadEvent event) {
        return event.qualifier() == null ? event.name() : event.name() + ":" + event.qualifier();
    }
}
