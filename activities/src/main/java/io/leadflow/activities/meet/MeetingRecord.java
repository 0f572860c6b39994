package io.leadflow.activities.meet;

import io.leadflow.shared.tenant.TenantOwned;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A Meet link we created, in the tenant's {@code meetings} collection: the record of what was sent to Google, and the
 * answer to a retried activity with the same request id.
 *
 * @param requestScope {@code clientCode + ":" + requestId}, the unique index
 */
@Document("meetings")
public record MeetingRecord(
        @Id String id,
        String clientCode,
        String leadId,
        String requestId,
        String requestScope,
        String calendarId,
        String calendarEventId,
        String meetLink,
        String summary,
        Instant startTime,
        int durationMinutes,
        List<String> attendees,
        Instant createdAt) implements TenantOwned {
}
