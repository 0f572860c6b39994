package io.leadflow.contracts.trigger;

import io.leadflow.contracts.sequence.EnrollmentRequest;
import java.util.List;
import java.util.Map;

/**
 * What one event does, decided from what the engine knows when it plans it: the sequences to enroll the lead in
 * (one per matching active rule, snapshotted now) and the lead's open sequences that listen to this event.
 *
 * @param lead the lead's facts ({@code lead.*}) the rules matched against; empty when the lead is gone
 * @param matchedRuleIds every rule whose trigger and condition matched, in enrollment order
 * @param enroll the enrollments to make, one per matched rule
 * @param listeners workflow IDs of the lead's open sequences that exit on or wait for this event
 */
public record EventPlan(
        Map<String, Object> lead,
        String tenantTimezone,
        List<String> matchedRuleIds,
        List<EnrollmentRequest> enroll,
        List<String> listeners) {

    public static EventPlan empty() {
        return new EventPlan(Map.of(), null, List.of(), List.of(), List.of());
    }

    /** Whether the event has nothing to do in any sequence. */
    public boolean nothingToDo() {
        return enroll.isEmpty() && listeners.isEmpty();
    }
}
