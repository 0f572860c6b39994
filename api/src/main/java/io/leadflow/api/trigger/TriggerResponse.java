package io.leadflow.api.trigger;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the trigger endpoint answers.
 *
 * @param status the event's status when the answer was written ({@code processing} once accepted, {@code received}
 *     when the engine has not picked it up yet)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TriggerResponse(
        String eventLogId,
        String workflowId,
        String leadId,
        Integer rulesMatched,
        String meetLink,
        String meetWarning,
        String status,
        Boolean duplicate) {
}
