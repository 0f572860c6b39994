package io.leadflow.contracts.trigger;

import java.util.List;
import java.util.Map;

/**
 * Input of the workflow that carries one accepted event through the work that must survive a crash: the Meet to
 * book, the delay, the signals to the lead's running sequences, the enrollments and the signed callback.
 *
 * @param source {@code api}, {@code crm} (lead lifecycle) or {@code event} (business event API)
 * @param variables the trigger's {@code variables}, exposed to conditions and templates as {@code event.*}
 * @param meet a Google Meet to create before anything else, or null
 * @param delayMinutes how long to wait before the event reaches rules and sequences (0–43200)
 * @param depth how many internal triggers led to this one (loop guard)
 * @param plan what the event does, planned when it was accepted; null when {@code delayMinutes > 0}, because a
 *     delayed event is matched against rules and sequences as they are when the delay ends
 */
public record TriggerInput(
        String clientCode,
        String eventLogId,
        String trigger,
        String source,
        String leadId,
        Map<String, Object> variables,
        MeetSpec meet,
        String callbackUrl,
        Map<String, Object> callbackMetadata,
        int delayMinutes,
        int depth,
        EventPlan plan) {

    /** What to book when a trigger asks for a Meet. */
    public record MeetSpec(String summary, String startTime, Integer durationMinutes, List<String> attendees) {
    }

    public TriggerInput withPlan(EventPlan next) {
        return new TriggerInput(clientCode, eventLogId, trigger, source, leadId, variables, meet, callbackUrl,
                callbackMetadata, delayMinutes, depth, next);
    }
}
