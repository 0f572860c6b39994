package io.leadflow.api.broadcast;

import java.util.List;

/**
 * Body of {@code POST /api/crm/broadcasts}.
 *
 * @param template an approved WhatsApp template's name
 * @param language its language, default {@code en_US}
 * @param variables the body parameters as templates ({@code {{lead.firstName}}}), rendered per lead; omitted uses the
 *     template's saved mapping
 * @param scheduleAt when to start (ISO-8601 with an offset); omitted starts now
 * @param idempotencyKey optional, unique per tenant: a create retried with the same key (its answer was lost) returns
 *     the broadcast the first one made instead of a second broadcast
 */
record BroadcastRequest(String name, String template, String language, List<String> variables, Audience audience,
                        String scheduleAt, String idempotencyKey) {

    /** Leads with every one of {@code tags}, in {@code stageId}, among {@code leadIds}: at least one is required. */
    record Audience(List<String> tags, String stageId, List<String> leadIds) {
    }
}
