package io.leadflow.api.automation;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a fired business event became: its EventLog, its trigger workflow (null when nothing listens to the event),
 * the lead it is about, how many rules matched and the event's status ({@code processing}, or {@code completed} when
 * nothing listens).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record EventResponse(String eventLogId, String workflowId, String leadId, Integer rulesMatched, String status,
                     boolean duplicate) {
}
