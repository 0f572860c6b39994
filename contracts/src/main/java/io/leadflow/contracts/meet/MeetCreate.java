package io.leadflow.contracts.meet;

import java.util.List;

/**
 * One meeting to create.
 *
 * @param summary the event title
 * @param startTime ISO-8601 with an offset ({@code 2025-03-03T10:30:00+05:30} or {@code ...Z})
 * @param durationMinutes length of the meeting; 30 when zero or less
 * @param attendees e-mail addresses invited to the event (may be empty)
 * @param requestId the idempotency key (workflow id + step): one event and one conference per id
 */
public record MeetCreate(
        String clientCode,
        String leadId,
        String summary,
        String startTime,
        int durationMinutes,
        List<String> attendees,
        String requestId) {
}
