package io.leadflow.contracts.meet;

/**
 * @param meetLink the Meet URL ({@code https://meet.google.com/abc-defg-hij})
 * @param calendarEventId the Calendar event holding the conference
 */
public record MeetResult(String meetLink, String calendarEventId) {
}
