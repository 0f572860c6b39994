package io.leadflow.api.support;

import io.leadflow.shared.whatsapp.WebhookSignatures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Meta as a test sees it: a tenant's WhatsApp number with its app secret, and webhook deliveries in Meta's documented
 * format ({@code entry[].changes[].value} with {@code metadata.phone_number_id}, {@code contacts}, {@code messages},
 * {@code statuses}), signed the way Meta signs them ({@code X-Hub-Signature-256}).
 */
public final class Meta {

    private static final AtomicLong NUMBERS = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private Meta() {
    }

    /** A tenant's WhatsApp number as its credentials describe it. */
    public record Number(String phoneNumberId, String appSecret, String verifyToken) {

        public Map<String, Object> credentials() {
            return Map.of("phoneNumberId", phoneNumberId, "accessToken", "EAAG-test", "wabaId", "waba-" + phoneNumberId,
                    "appSecret", appSecret, "verifyToken", verifyToken);
        }
    }

    /** A fresh number (unique per test run) with its own secret and verify token. */
    public static Number newNumber() {
        long n = NUMBERS.incrementAndGet();
        return new Number("1065" + n, "app-secret-" + n, "verify-" + n);
    }

    /** Gives the tenant this number (admin API), so deliveries for it are routed to the tenant. */
    public static void register(Api api, Api.Tenant tenant, Number number) {
        Api.Response answer = api.admin("PUT", "/api/clients/" + tenant.clientCode() + "/secrets/whatsapp", number.credentials());
        if (answer.status() != 200) {
            throw new IllegalStateException("whatsapp credentials refused: " + answer.raw().body());
        }
    }

    /** A text message from {@code fromE164} (like {@code +919876543210}) to {@code number}. */
    public static String message(Number number, String fromE164, String name, String wamid, String text) {
        String from = fromE164.substring(1);
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"waba-" + number.phoneNumberId()
                + "\",\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":"
                + "\"15550783881\",\"phone_number_id\":\"" + number.phoneNumberId() + "\"},\"contacts\":[{\"profile\":"
                + "{\"name\":\"" + name + "\"},\"wa_id\":\"" + from + "\"}],\"messages\":[{\"from\":\"" + from
                + "\",\"id\":\"" + wamid + "\",\"timestamp\":\"" + Instant.now().getEpochSecond()
                + "\",\"type\":\"text\",\"text\":{\"body\":\"" + text + "\"}}]},\"field\":\"messages\"}]}]}";
    }

    /** A delivery receipt for a message the tenant sent. */
    public static String status(Number number, String wamid, String status, String recipientE164) {
        String failure = "failed".equals(status) ? ",\"errors\":[{\"code\":131026,\"title\":\"Message undeliverable\","
                + "\"message\":\"Message undeliverable\",\"error_data\":{\"details\":\"Message Undeliverable.\"}}]" : "";
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"waba\",\"changes\":[{\"value\":"
                + "{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\","
                + "\"phone_number_id\":\"" + number.phoneNumberId() + "\"},\"statuses\":[{\"id\":\"" + wamid
                + "\",\"status\":\"" + status + "\",\"timestamp\":\"" + Instant.now().getEpochSecond()
                + "\",\"recipient_id\":\"" + recipientE164.substring(1) + "\"" + failure + "}]},\"field\":\"messages\"}]}]}";
    }

    /** Posts a delivery signed with {@code secret}. */
    public static Api.Response deliver(Api api, String body, String secret) {
        return api.sendRaw("POST", "/api/saas/whatsapp/webhook", body,
                Map.of(WebhookSignatures.HEADER, WebhookSignatures.sign(body.getBytes(StandardCharsets.UTF_8), secret)));
    }
}
