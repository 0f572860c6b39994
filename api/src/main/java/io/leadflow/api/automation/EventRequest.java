package io.leadflow.api.automation;

import java.util.Map;

/**
 * Body of {@code POST /api/crm/automations/events}: a business event ({@code order_paid}, {@code demo_booked}) for
 * an existing lead, named by {@code leadId} or by {@code phone} (or {@code email}).
 *
 * @param variables exposed to conditions and templates as {@code event.*}
 * @param idempotencyKey the same key again answers the first event instead of firing a second one
 */
record EventRequest(String trigger, String leadId, String phone, String email, Map<String, Object> variables,
                    String idempotencyKey) {
}
