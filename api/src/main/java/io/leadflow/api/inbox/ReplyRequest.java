package io.leadflow.api.inbox;

import java.util.List;

/**
 * Body of {@code POST /api/saas/chat/conversations/{id}/messages}: {@code text}, or a {@code template}.
 *
 * @param clientMessageId the caller's ID for this reply (1-64 of {@code A-Za-z0-9_.:-}): sending it again is the same
 *     reply, never a second message
 */
record ReplyRequest(String clientMessageId, String text, Template template) {

    /**
     * A template reply.
     *
     * @param variables the body parameters as sent (values, not templates); none uses the template's saved mapping
     */
    record Template(String name, String language, List<String> variables, List<String> headerVariables) {
    }
}
