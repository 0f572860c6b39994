package io.leadflow.contracts.action;

import java.util.Map;

/**
 * One action of a sequence step, with its parameters as written (templates unrendered) and the parts of the
 * evaluation context the workflow owns; the activity adds the lead as it is now and renders.
 *
 * @param type the action ({@code send_whatsapp}, {@code send_email}, {@code create_meet}, {@code webhook},
 *     {@code move_stage}, {@code assign_to}, {@code add_tag}, {@code remove_tag})
 * @param params the action's parameters, with {@code {{path}}} templates
 * @param trigger the enrolling trigger ({@code event.trigger})
 * @param variables the enrolling event's variables ({@code event.*})
 * @param resolved values produced so far ({@code resolved.meetLink})
 * @param waits what ended each step's wait so far ({@code wait.<stepId>})
 * @param idempotencyKey names this one action in this run; providers see the same key on every retry
 * @param depth the depth internal triggers fired by this action get
 * @param dueAt when the step came due (ISO instant): the sequence's own schedule, reported to webhooks
 */
public record ActionRequest(
        String clientCode,
        String leadId,
        String workflowId,
        String eventLogId,
        int stepIndex,
        String stepId,
        String type,
        Map<String, Object> params,
        String trigger,
        Map<String, Object> variables,
        Map<String, Object> resolved,
        Map<String, Object> waits,
        String idempotencyKey,
        int depth,
        String dueAt) {
}
