package io.leadflow.workflows.support;

import io.leadflow.contracts.sequence.LeadSnapshot;
import io.leadflow.contracts.sequence.SequenceBookkeeping;
import io.leadflow.contracts.sequence.SequenceClosed;
import io.leadflow.contracts.sequence.SequenceOpened;
import io.leadflow.contracts.trigger.EventBookkeeping;
import io.leadflow.contracts.trigger.EventCompletion;
import io.leadflow.contracts.trigger.EventPlan;
import io.leadflow.contracts.trigger.TriggerInput;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A recording stand-in for the bookkeeping local activities: what the index and the event log were told, and the
 * lead a step with a condition reads (scriptable).
 */
public final class FakeBookkeeping implements SequenceBookkeeping, EventBookkeeping {

    private final List<SequenceOpened> opened = new CopyOnWriteArrayList<>();
    private final List<SequenceClosed> closed = new CopyOnWriteArrayList<>();
    private final List<EventCompletion> completed = new CopyOnWriteArrayList<>();
    private volatile LeadSnapshot lead = new LeadSnapshot(true, Map.of("firstName", "Asha", "score", 10), null);
    private volatile Function<TriggerInput, EventPlan> planner = input -> EventPlan.empty();

    public void lead(LeadSnapshot snapshot) {
        this.lead = snapshot;
    }

    public void planner(Function<TriggerInput, EventPlan> planner) {
        this.planner = planner;
    }

    public List<SequenceOpened> opened() {
        return List.copyOf(opened);
    }

    public List<SequenceClosed> closed() {
        return List.copyOf(closed);
    }

    public List<EventCompletion> completed() {
        return List.copyOf(completed);
    }

    @Override
    public void open(SequenceOpened entry) {
        opened.add(entry);
    }

    @Override
    public void close(SequenceClosed entry) {
        closed.add(entry);
    }

    @Override
    public LeadSnapshot loadLead(String clientCode, String leadId) {
        return lead;
    }

    @Override
    public EventPlan plan(TriggerInput input) {
        return planner.apply(input);
    }

    @Override
    public void complete(EventCompletion completion) {
        completed.add(completion);
    }
}
