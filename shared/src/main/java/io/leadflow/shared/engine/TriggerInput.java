package io.leadflow.shared.engine;

import java.util.List;
import java.util.Map;

/**
 * Input of the workflow that handles one received event. It always carries the tenant.
 *
 * @param source {@code api}, {@code crm} (lead lifecycle) or {@code event} (business event API)
 * @param variables the trigger's {@code variables}, exposed to conditions and templates as {@code event.*}
 * @param meet a Google Meet to create before rules run, or null
 * @param delayMinutes how long to wait before rules run (0–43200)
 * @param depth how many internal triggers led to this one (loop guard)
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
        int depth) {

    /** What to book when a trigger asks for a Meet. */
    public record MeetSpec(String summary, String startTime, Integer durationMinutes, List<String> attendees) {
    }
}
