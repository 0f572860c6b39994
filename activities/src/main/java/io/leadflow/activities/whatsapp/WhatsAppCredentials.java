package io.leadflow.activities.whatsapp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A tenant's {@code whatsapp} credentials JSON.
 *
 * @param phoneNumberId the sending number's id in the Meta Cloud API
 * @param accessToken a system-user access token with {@code whatsapp_business_messaging}
 * @param wabaId the WhatsApp Business account id (optional; templates are managed there)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record WhatsAppCredentials(String phoneNumberId, String accessToken, String wabaId) {
}
