package io.leadflow.contracts.whatsapp;

import java.util.List;

/**
 * One template message to send.
 *
 * @param to the lead's phone in E.164 ({@code +919876543210})
 * @param templateName an approved template of the tenant's WhatsApp Business account
 * @param language template language code ({@code en}, {@code en_US}); null means {@code en}
 * @param bodyVariables resolved body parameters in placeholder order ({@code {{1}}}, {@code {{2}}}, ...)
 * @param headerVariables resolved text header parameters, usually empty
 * @param idempotencyKey workflow id + step: the same key is never sent twice
 */
public record WhatsAppTemplateSend(
        String clientCode,
        String leadId,
        String to,
        String templateName,
        String language,
        List<String> bodyVariables,
        List<String> headerVariables,
        String idempotencyKey) {
}
