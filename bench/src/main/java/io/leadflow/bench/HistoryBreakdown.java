package io.leadflow.bench;

import com.google.protobuf.Timestamp;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a due step's lateness goes, read from the histories of a sample of workflows: how late the server fired the
 * timer, how long the workflow task that followed waited in its queue and ran, how long the step's activity waited
 * in its queue and ran. Each part as percentiles in ms.
 */
final class HistoryBreakdown {

    private final Map<String, List<Long>> parts = new LinkedHashMap<>();

    static Map<String, Object> of(WorkflowClient client, List<String> workflowIds) {
        HistoryBreakdown breakdown = new HistoryBreakdown();
        for (String id : workflowIds) {
            breakdown.add(client.fetchHistory(id).getEvents());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sampled", workflowIds.size());
        breakdown.parts.forEach((part, values) -> out.put(part, TriggerBench.percentiles(new ArrayList<>(values))));
        return out;
    }

    /** The last timer of the run: the one the due step waited on, and what followed it. */
    private void add(List<HistoryEvent> events) {
        int fired = -1;
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).getEventType() == EventType.EVENT_TYPE_TIMER_FIRED) {
                fired = i;
                break;
            }
        }
        if (fired < 0) {
            return;
        }
        long timerId = events.get(fired).getTimerFiredEventAttributes().getStartedEventId();
        HistoryEvent started = events.stream().filter(e -> e.getEventId() == timerId).findFirst().orElse(null);
        if (started == null) {
            return;
        }
        Instant expected = at(started.getEventTime()).plus(Duration.ofSeconds(
                started.getTimerStartedEventAttributes().getStartToFireTimeout().getSeconds(),
                started.getTimerStartedEventAttributes().getStartToFireTimeout().getNanos()));
        put("timer fired late", Duration.between(expected, at(events.get(fired).getEventTime())));
        HistoryEvent wftScheduled = next(events, fired, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
        HistoryEvent wftStarted = next(events, fired, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
        HistoryEvent wftCompleted = next(events, fired, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
        HistoryEvent actScheduled = next(events, fired, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
        HistoryEvent actStarted = next(events, fired, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED);
        HistoryEvent actCompleted = next(events, fired, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
        between("workflow task queued", wftScheduled, wftStarted);
        between("workflow task ran", wftStarted, wftCompleted);
        between("activity queued", actScheduled, actStarted);
        between("activity ran", actStarted, actCompleted);
        between("timer fired to activity started", events.get(fired), actStarted);
    }

    private void between(String part, HistoryEvent from, HistoryEvent to) {
        if (from != null && to != null) {
            put(part, Duration.between(at(from.getEventTime()), at(to.getEventTime())));
        }
    }

    private void put(String part, Duration value) {
        parts.computeIfAbsent(part, p -> new ArrayList<>()).add(value.toMillis());
    }

    private static HistoryEvent next(List<HistoryEvent> events, int from, EventType type) {
        for (int i = from + 1; i < events.size(); i++) {
            if (events.get(i).getEventType() == type) {
                return events.get(i);
            }
        }
        return null;
    }

    private static Instant at(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
