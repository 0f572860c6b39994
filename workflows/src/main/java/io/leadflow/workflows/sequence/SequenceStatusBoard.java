package io.leadflow.workflows.sequence;

import io.leadflow.contracts.sequence.SequenceStatus;
import io.leadflow.contracts.temporal.LeadflowSearchAttributes;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What operators see of a running sequence in Temporal: the {@code SequenceStatus}, {@code SequenceStep} and
 * {@code NextWakeAt} search attributes, upserted only when a value changes (each upsert is a history event), and the
 * current details line of the Web UI (free: it is served by a query, not recorded).
 */
final class SequenceStatusBoard {

    private final boolean searchAttributes;
    private String status = SequenceStatus.RUNNING;
    private String step;
    private Instant nextWakeAt;

    /**
     * @param initialStep the step the start options already carried, so the first upsert has nothing to repeat
     * @param searchAttributes false when the server has no Leadflow search attributes (upserts would fail the task)
     */
    SequenceStatusBoard(String initialStep, boolean searchAttributes) {
        this.step = initialStep;
        this.searchAttributes = searchAttributes;
    }

    /** The current step and its next wake-up (null when not waiting on a timer). */
    void step(String stepId, Instant wakeAt) {
        List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
        if (!Objects.equals(step, stepId)) {
            step = stepId;
            updates.add(LeadflowSearchAttributes.SEQUENCE_STEP.valueSet(stepId));
        }
        if (!Objects.equals(nextWakeAt, wakeAt)) {
            nextWakeAt = wakeAt;
            updates.add(wakeAt == null ? LeadflowSearchAttributes.NEXT_WAKE_AT.valueUnset()
                    : LeadflowSearchAttributes.NEXT_WAKE_AT.valueSet(OffsetDateTime.ofInstant(wakeAt, ZoneOffset.UTC)));
        }
        upsert(updates);
        details();
    }

    /** running, paused, or a final status. A final status also clears the next wake-up. */
    void status(String next) {
        List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
        if (!Objects.equals(status, next)) {
            status = next;
            updates.add(LeadflowSearchAttributes.SEQUENCE_STATUS.valueSet(next));
        }
        if (!SequenceStatus.isOpen(next) && nextWakeAt != null) {
            nextWakeAt = null;
            updates.add(LeadflowSearchAttributes.NEXT_WAKE_AT.valueUnset());
        }
        upsert(updates);
        details();
    }

    String status() {
        return status;
    }

    Instant nextWakeAt() {
        return nextWakeAt;
    }

    private void upsert(List<SearchAttributeUpdate<?>> updates) {
        if (searchAttributes && !updates.isEmpty()) {
            Workflow.upsertTypedSearchAttributes(updates.toArray(new SearchAttributeUpdate<?>[0]));
        }
    }

    private void details() {
        StringBuilder text = new StringBuilder().append("**").append(status).append("**");
        if (step != null) {
            text.append(" · step `").append(step).append('`');
        }
        if (nextWakeAt != null) {
            text.append(" · next wake-up ").append(nextWakeAt);
        }
        Workflow.setCurrentDetails(text.toString());
    }
}
