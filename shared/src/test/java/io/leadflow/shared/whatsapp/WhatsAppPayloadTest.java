package io.leadflow.shared.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Meta's documented webhook payloads, as Leadflow reads them, and the signature Meta puts on them. */
class WhatsAppPayloadTest {

    /** A text message, as in Meta's "Received messages" webhook reference. */
    static final String TEXT = """
            {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{
              "messaging_product":"whatsapp",
              "metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
              "contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234"}],
              "messages":[{"from":"16505551234","id":"wamid.HBgLMTY1MDUwNzY1MjAVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=",
                "timestamp":"1749416383","type":"text","text":{"body":"Does it come in another color?"}}]},
              "field":"messages"}]}]}""";

    /** Receipts, one failed with Meta's error object. */
    static final String STATUSES = """
            {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{
              "messaging_product":"whatsapp",
              "metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
              "statuses":[{"id":"wamid.A","status":"delivered","timestamp":"1750263773","recipient_id":"16505551234",
                           "conversation":{"id":"c1","origin":{"type":"marketing"}},"pricing":{"billable":true}},
                          {"id":"wamid.B","status":"failed","timestamp":"1750263774","recipient_id":"16505551234",
                           "errors":[{"code":131026,"title":"Message undeliverable","message":"Message undeliverable",
                                      "error_data":{"details":"Message Undeliverable."}}]}]},
              "field":"messages"}]}]}""";

    @Test
    void aTextMessage_isReadWithItsSenderNameAndTime() {
        WhatsAppPayload payload = WhatsAppPayload.parse(TEXT.getBytes(StandardCharsets.UTF_8));

        assertThat(payload.phoneNumberIds()).containsExactly("106540352242922");
        WhatsAppPayload.Change change = payload.changes().get(0);
        assertThat(change.names()).containsEntry("16505551234", "Sheena Nelson");
        WhatsAppPayload.Inbound message = change.messages().get(0);
        assertThat(message.from()).isEqualTo("16505551234");
        assertThat(message.type()).isEqualTo("text");
        assertThat(message.text()).isEqualTo("Does it come in another color?");
        assertThat(message.timestamp()).isEqualTo(Instant.ofEpochSecond(1749416383));
        assertThat(message.content()).isNull();
    }

    @Test
    void receipts_carryTheirStatusAndMetasError() {
        WhatsAppPayload.Change change = WhatsAppPayload.parse(STATUSES.getBytes(StandardCharsets.UTF_8)).changes().get(0);

        assertThat(change.statuses()).extracting(WhatsAppPayload.Status::status).containsExactly("delivered", "failed");
        WhatsAppPayload.Status failed = change.statuses().get(1);
        assertThat(failed.errorCode()).isEqualTo("131026");
        assertThat(failed.errorMessage()).isEqualTo("Message Undeliverable.");
        assertThat(change.statuses().get(0).errorCode()).isNull();
    }

    @Test
    void mediaButtonsAndReplies_keepTheirContent_andTheirWordsAsText() {
        String body = TEXT.replace("\"type\":\"text\",\"text\":{\"body\":\"Does it come in another color?\"}",
                "\"type\":\"image\",\"image\":{\"id\":\"media-1\",\"mime_type\":\"image/jpeg\",\"caption\":\"This one\","
                        + "\"$where\":\"x\",\"a.b\":1},\"context\":{\"id\":\"wamid.ours\"}");

        WhatsAppPayload.Inbound image = WhatsAppPayload.parse(body.getBytes(StandardCharsets.UTF_8)).changes().get(0)
                .messages().get(0);

        assertThat(image.type()).isEqualTo("image");
        assertThat(image.text()).isEqualTo("This one");
        assertThat(image.content()).containsEntry("id", "media-1").containsEntry("mime_type", "image/jpeg")
                .as("keys a store can't hold are dropped").doesNotContainKeys("$where", "a.b");
        assertThat(image.contextWamid()).isEqualTo("wamid.ours");
    }

    @Test
    void somethingElse_isUnreadable() {
        for (String body : new String[] {"not json", "[]", "{\"object\":\"page\"}", "{\"entry\":{}}"}) {
            assertThatThrownBy(() -> WhatsAppPayload.parse(body.getBytes(StandardCharsets.UTF_8)))
                    .as(body).isInstanceOf(WhatsAppPayload.Unreadable.class);
        }
        assertThat(WhatsAppPayload.parse("{\"entry\":[{\"changes\":[{\"value\":{}}]}]}".getBytes(StandardCharsets.UTF_8))
                .changes()).as("a change without a number is ignored").isEmpty();
    }

    @Test
    void theSignature_isHexHmacSha256OfTheRawBody_underTheAppSecret() {
        byte[] body = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);
        // printf '{"hello":"world"}' | openssl dgst -sha256 -hmac 'app-secret'
        String expected = "sha256=5f4850ee0cf831a9e4eccc6f5b99802e2231ebf53821a333f38342b37b858f69";

        String signed = WebhookSignatures.sign(body, "app-secret");

        assertThat(signed).isEqualTo(expected);
        assertThat(WebhookSignatures.verify(body, signed, "app-secret")).isTrue();
        assertThat(WebhookSignatures.verify(body, signed.toUpperCase().replace("SHA256=", "sha256="), "app-secret"))
                .as("hex in capitals is the same signature").isTrue();
        assertThat(WebhookSignatures.verify(body, signed, "other-secret")).isFalse();
        assertThat(WebhookSignatures.verify("{\"hello\":\"World\"}".getBytes(StandardCharsets.UTF_8), signed, "app-secret"))
                .isFalse();
        assertThat(WebhookSignatures.wellFormed("sha1=abc")).isFalse();
        assertThat(WebhookSignatures.wellFormed(null)).isFalse();
    }
}
