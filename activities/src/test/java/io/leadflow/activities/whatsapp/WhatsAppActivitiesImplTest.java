package io.leadflow.activities.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.activities.channel.ChannelFixture;
import io.leadflow.activities.channel.ChannelLedger;
import io.leadflow.contracts.channel.SendResult;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.whatsapp.WhatsAppTemplateSend;
import io.leadflow.contracts.whatsapp.WhatsAppTextSend;
import io.leadflow.shared.conversation.Conversation;
import io.leadflow.shared.conversation.Conversations;
import io.leadflow.shared.conversation.InboundMessages;
import io.leadflow.shared.conversation.Message;
import io.leadflow.shared.lead.ActivityEntry;
import io.leadflow.shared.outbox.Outbox;
import io.leadflow.shared.outbox.OutboxMessage;
import io.leadflow.shared.tenant.TenantContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WhatsAppActivitiesImplTest {

    private static final String CREDENTIALS =
            "{\"phoneNumberId\":\"106540352242922\",\"accessToken\":\"EAAG-test-token\",\"wabaId\":\"102290129340398\"}";

    private static ChannelFixture fixture;
    private MockWebServer meta;
    private WhatsAppActivitiesImpl whatsapp;
    private String tenant;

    @BeforeAll
    static void storage() {
        fixture = new ChannelFixture();
    }

    @AfterAll
    static void closeStorage() {
        fixture.close();
    }

    @BeforeEach
    void start() throws Exception {
        meta = new MockWebServer();
        meta.start();
        whatsapp = new WhatsAppActivitiesImpl(fixture.ledger, ChannelFixture.properties(
                ChannelFixture.channels(meta.url("/").toString(), 80, "http://unused/", "http://unused/token", false)));
        tenant = fixture.newTenant(false);
        fixture.credentials(tenant, "whatsapp", CREDENTIALS);
    }

    @AfterEach
    void stop() throws Exception {
        meta.shutdown();
        TenantContext.clear();
    }

    @Test
    void whenATemplateIsSent_metaReceivesItWithResolvedParameters_andTheMessageIsRecordedAsSent() throws Exception {
        meta.enqueue(accepted("wamid.HBgLOTE5ODc2NTQzMjEwFQIAERgSQ0ZGMDE2"));

        SendResult result = whatsapp.sendTemplate(new WhatsAppTemplateSend(tenant, "lead-1", "+919876543210",
                "appointment_reminder", "en_US", List.of("Asha", "10:30"), List.of("Monday"), "wf-1:step-2"));

        assertThat(result).isEqualTo(new SendResult("whatsapp", "wamid.HBgLOTE5ODc2NTQzMjEwFQIAERgSQ0ZGMDE2", "sent", false));
        RecordedRequest request = meta.takeRequest(1, TimeUnit.SECONDS);
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getPath()).isEqualTo("/v21.0/106540352242922/messages");
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer EAAG-test-token");
        JsonNode body = JsonMapper.shared().readTree(request.getBody().readUtf8());
        assertThat(body.path("messaging_product").stringValue()).isEqualTo("whatsapp");
        assertThat(body.path("to").stringValue()).isEqualTo("919876543210");
        assertThat(body.path("type").stringValue()).isEqualTo("template");
        JsonNode template = body.path("template");
        assertThat(template.path("name").stringValue()).isEqualTo("appointment_reminder");
        assertThat(template.path("language").path("code").stringValue()).isEqualTo("en_US");
        assertThat(template.path("components").path(0).path("type").stringValue()).isEqualTo("header");
        assertThat(template.path("components").path(0).path("parameters").path(0).path("text").stringValue())
                .isEqualTo("Monday");
        assertThat(template.path("components").path(1).path("type").stringValue()).isEqualTo("body");
        assertThat(template.path("components").path(1).path("parameters").findValuesAsString("text"))
                .containsExactly("Asha", "10:30");

        Message stored = Conversations.byIdempotencyKey(fixture.scope(tenant), "wf-1:step-2").orElseThrow();
        assertThat(stored.status()).isEqualTo(Message.SENT);
        assertThat(stored.providerMessageId()).isEqualTo("wamid.HBgLOTE5ODc2NTQzMjEwFQIAERgSQ0ZGMDE2");
        assertThat(stored.direction()).isEqualTo(Message.OUTBOUND);
        assertThat(stored.templateName()).isEqualTo("appointment_reminder");
        assertThat(stored.bodyVariables()).containsExactly("Asha", "10:30");
        assertThat(stored.from()).isEqualTo("106540352242922");
        Conversation conversation = Conversations.conversation(fixture.scope(tenant), stored.conversationId()).orElseThrow();
        assertThat(conversation.leadId()).isEqualTo("lead-1");
        assertThat(conversation.contact()).isEqualTo("+919876543210");
        assertThat(conversation.lastMessagePreview()).isEqualTo("[template appointment_reminder]");
    }

    @Test
    void whenFreeTextIsSent_metaReceivesATextMessage() throws Exception {
        leadWrote(tenant, "lead-2", Duration.ofHours(1));
        meta.enqueue(accepted("wamid.text1"));

        SendResult result = whatsapp.sendText(new WhatsAppTextSend(tenant, "lead-2", "+14155550123",
                "Thanks Asha, see you at 10:30!", "wf-2:reply"));

        assertThat(result.providerMessageId()).isEqualTo("wamid.text1");
        JsonNode body = JsonMapper.shared().readTree(meta.takeRequest().getBody().readUtf8());
        assertThat(body.path("type").stringValue()).isEqualTo("text");
        assertThat(body.path("text").path("body").stringValue()).isEqualTo("Thanks Asha, see you at 10:30!");
        assertThat(body.path("text").path("preview_url").asBoolean()).isFalse();
        assertThat(Conversations.byIdempotencyKey(fixture.scope(tenant), "wf-2:reply").orElseThrow().body())
                .isEqualTo("Thanks Asha, see you at 10:30!");
    }

    @Test
    void whenTheSameKeyIsSentTwice_metaSeesOneRequest() {
        meta.enqueue(accepted("wamid.once"));
        meta.enqueue(accepted("wamid.twice-would-be-a-bug"));
        WhatsAppTemplateSend send = new WhatsAppTemplateSend(tenant, "lead-3", "+919876543210", "welcome", "en",
                List.of("Asha"), List.of(), "wf-3:step-1");

        SendResult first = whatsapp.sendTemplate(send);
        SendResult retry = whatsapp.sendTemplate(send);

        assertThat(meta.getRequestCount()).isEqualTo(1);
        assertThat(retry).isEqualTo(first);
        assertThat(retry.providerMessageId()).isEqualTo("wamid.once");
    }

    @Test
    void whenMetaSaysTemplateUnknown_sendFailsWithoutRetry_andTheLeadsActivityLogSaysWhy() {
        meta.enqueue(metaError(404, 132001, "(#132001) Template name does not exist in the translation",
                "template name (welcome_v9) does not exist in en_US"));

        assertThatThrownBy(() -> whatsapp.sendTemplate(new WhatsAppTemplateSend(tenant, "lead-4", "+919876543210",
                "welcome_v9", "en_US", List.of(), List.of(), "wf-4:step-1")))
                .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                    assertThat(failure.getType()).isEqualTo(ErrorCode.PROVIDER_PERMANENT.name());
                    assertThat(failure.isNonRetryable()).isTrue();
                    assertThat(failure.getOriginalMessage()).contains("template does not exist").contains("132001");
                });

        Message stored = Conversations.byIdempotencyKey(fixture.scope(tenant), "wf-4:step-1").orElseThrow();
        assertThat(stored.status()).isEqualTo(Message.FAILED);
        assertThat(stored.error().code()).isEqualTo("PROVIDER_PERMANENT");
        List<ActivityEntry> log = activityLog("lead-4");
        assertThat(log).hasSize(1);
        assertThat(log.get(0).type()).isEqualTo(ChannelLedger.MESSAGE_FAILED);
        assertThat(log.get(0).actor()).isEqualTo("automation");
        assertThat(log.get(0).summary()).startsWith("whatsapp not sent: WhatsApp template does not exist");
        assertThat(log.get(0).data()).containsEntry("channel", "whatsapp")
                .containsEntry("errorCode", "PROVIDER_PERMANENT")
                .containsEntry("templateName", "welcome_v9");
    }

    @Test
    void whenTheAccessTokenIsRevoked_sendFailsWithoutRetry() {
        leadWrote(tenant, "lead-5", Duration.ofHours(1));
        meta.enqueue(metaError(401, 190, "Error validating access token: Session has expired", null));

        assertPermanent(() -> whatsapp.sendText(new WhatsAppTextSend(tenant, "lead-5", "+919876543210", "hi", "k5")),
                "access token");
    }

    @Test
    void whenTheLeadHasNotWrittenFor24Hours_freeTextFailsWithoutRetry() {
        leadWrote(tenant, "lead-6", Duration.ofHours(1));
        meta.enqueue(metaError(400, 131047, "Re-engagement message", "Message failed to send because more than 24 "
                + "hours have passed since the customer last replied to this number."));

        assertPermanent(() -> whatsapp.sendText(new WhatsAppTextSend(tenant, "lead-6", "+919876543210", "hi", "k6")),
                "24 hours");
    }

    @Test
    void whenTheRecipientIsNotOnWhatsApp_sendFailsWithoutRetry() {
        leadWrote(tenant, "lead-7", Duration.ofHours(1));
        meta.enqueue(metaError(400, 131026, "Message undeliverable", null));

        assertPermanent(() -> whatsapp.sendText(new WhatsAppTextSend(tenant, "lead-7", "+919876543210", "hi", "k7")),
                "recipient");
    }

    @Test
    void whenMetaRateLimits_sendFailsRetryably_afterTheRetryAfterDelay_andNothingIsLoggedOnTheLead() {
        leadWrote(tenant, "lead-8", Duration.ofHours(1));
        meta.enqueue(metaError(429, 130429, "Rate limit hit", "Cloud API message throughput has been reached.")
                .setHeader("Retry-After", "7"));

        assertThatThrownBy(() -> whatsapp.sendText(new WhatsAppTextSend(tenant, "lead-8", "+919876543210", "hi", "k8")))
                .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                    assertThat(failure.getType()).isEqualTo(ErrorCode.PROVIDER_TRANSIENT.name());
                    assertThat(failure.isNonRetryable()).isFalse();
                    assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(7));
                });
        assertThat(Conversations.byIdempotencyKey(fixture.scope(tenant), "k8").orElseThrow().status())
                .isEqualTo(Message.PENDING);
        assertThat(activityLog("lead-8")).isEmpty();
    }

    @Test
    void whenMetaIsDown_sendFailsRetryably_andTheRetrySendsOnce() {
        leadWrote(tenant, "lead-9", Duration.ofHours(1));
        meta.enqueue(new MockResponse().setResponseCode(503).setBody("upstream unavailable"));
        meta.enqueue(accepted("wamid.after-outage"));
        WhatsAppTextSend send = new WhatsAppTextSend(tenant, "lead-9", "+919876543210", "hi", "k9");

        assertTransient(() -> whatsapp.sendText(send));
        SendResult retried = whatsapp.sendText(send);

        assertThat(retried.providerMessageId()).isEqualTo("wamid.after-outage");
        assertThat(meta.getRequestCount()).isEqualTo(2);
        Message stored = Conversations.byIdempotencyKey(fixture.scope(tenant), "k9").orElseThrow();
        assertThat(stored.attempts()).isEqualTo(2);
        assertThat(stored.status()).isEqualTo(Message.SENT);
        assertThat(stored.error()).isNull();
    }

    @Test
    void whenATenantSendsFasterThanItsRate_theNextMessageWaitsForItsTurn() throws Exception {
        leadWrote(tenant, "lead-15", Duration.ofHours(1));
        WhatsAppActivitiesImpl slow = new WhatsAppActivitiesImpl(fixture.ledger, ChannelFixture.properties(
                ChannelFixture.channels(meta.url("/").toString(), 1, "http://unused/", "http://unused/token", false)));
        meta.enqueue(accepted("wamid.r1"));
        meta.enqueue(accepted("wamid.r2"));

        long started = System.nanoTime();
        slow.sendText(new WhatsAppTextSend(tenant, "lead-15", "+919876543210", "one", "rate-1"));
        slow.sendText(new WhatsAppTextSend(tenant, "lead-15", "+919876543210", "two", "rate-2"));

        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("one message per second for this tenant").isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(meta.getRequestCount()).isEqualTo(2);
    }

    @Test
    void whenTheConnectionDrops_sendFailsRetryably() {
        leadWrote(tenant, "lead-10", Duration.ofHours(1));
        meta.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START));

        assertTransient(() -> whatsapp.sendText(new WhatsAppTextSend(tenant, "lead-10", "+919876543210", "hi", "k10")));
    }

    @Test
    void whenTheNumberIsNotE164_nothingIsSentAndTheSendFailsWithoutRetry() {
        assertPermanent(() -> whatsapp.sendText(new WhatsAppTextSend(tenant, "lead-11", "98765 43210", "hi", "k11")),
                "E.164");
        assertThat(meta.getRequestCount()).isZero();
        assertThat(activityLog("lead-11")).hasSize(1);
    }

    @Test
    void whenASandboxTenantSends_theMessageLandsInItsOutbox_andMetaIsNeverCalled() {
        String sandbox = fixture.newTenant(true);
        WhatsAppTemplateSend send = new WhatsAppTemplateSend(sandbox, "lead-12", "+919876543210", "welcome", "en",
                List.of("Asha"), List.of(), "wf-12:step-1");

        SendResult result = whatsapp.sendTemplate(send);
        SendResult retry = whatsapp.sendTemplate(send);

        assertThat(result.status()).isEqualTo(SendResult.SANDBOXED);
        assertThat(result.sandbox()).isTrue();
        assertThat(result.providerMessageId()).startsWith("sandbox-wamid-");
        assertThat(retry).isEqualTo(result);
        assertThat(meta.getRequestCount()).isZero();
        List<OutboxMessage> outbox = Outbox.list(fixture.scope(sandbox), "whatsapp", "lead-12", 10);
        assertThat(outbox).hasSize(1);
        assertThat(outbox.get(0).templateName()).isEqualTo("welcome");
        assertThat(outbox.get(0).bodyVariables()).containsExactly("Asha");
        assertThat(outbox.get(0).recipient()).isEqualTo("+919876543210");
        assertThat(outbox.get(0).createdAt()).isNotNull();
    }

    @Test
    void whenALiveTenantHasNoCredentials_sendFailsAsNotConfigured_neverSilentlySandboxed() {
        String unconfigured = fixture.newTenant(false);
        leadWrote(unconfigured, "lead-13", Duration.ofHours(1));

        assertThatThrownBy(() -> whatsapp.sendText(new WhatsAppTextSend(unconfigured, "lead-13", "+919876543210",
                "hi", "k13")))
                .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                    assertThat(failure.getType()).isEqualTo(ErrorCode.PROVIDER_NOT_CONFIGURED.name());
                    assertThat(failure.isNonRetryable()).isTrue();
                });
        assertThat(meta.getRequestCount()).isZero();
        assertThat(Outbox.list(fixture.scope(unconfigured), null, null, 10)).isEmpty();
        assertThat(fixture.scope(unconfigured).data().find(new Query(), ActivityEntry.class))
                .extracting(entry -> entry.data().get("errorCode")).containsExactly("PROVIDER_NOT_CONFIGURED");
    }

    @Test
    void whenThePayloadNamesAnotherTenantThanTheWorkflow_nothingIsSent() {
        TenantContext.set("someone-else");

        assertThatThrownBy(() -> whatsapp.sendText(new WhatsAppTextSend(tenant, "lead-14", "+919876543210", "hi", "k14")))
                .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                    assertThat(failure.getType()).isEqualTo(ErrorCode.FORBIDDEN.name());
                    assertThat(failure.isNonRetryable()).isTrue();
                });
        assertThat(meta.getRequestCount()).isZero();
    }

    @Test
    void freeText_needsTheLeadToHaveWrittenWithin24Hours_elseItIsRefusedBeforeMetaIsCalled() {
        meta.enqueue(accepted("wamid.in-window"));

        assertThatThrownBy(() -> whatsapp.sendText(new WhatsAppTextSend(tenant, "lead-20", "+919876543210", "hi", "w1")))
                .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                    assertThat(failure.getType()).isEqualTo(ErrorCode.OUTSIDE_SERVICE_WINDOW.name());
                    assertThat(failure.isNonRetryable()).isTrue();
                });
        leadWrote(tenant, "lead-20", Duration.ofHours(25));
        assertThatThrownBy(() -> whatsapp.sendText(new WhatsAppTextSend(tenant, "lead-20", "+919876543210", "hi", "w2")))
                .isInstanceOfSatisfying(ApplicationFailure.class, failure ->
                        assertThat(failure.getType()).isEqualTo(ErrorCode.OUTSIDE_SERVICE_WINDOW.name()));
        assertThat(meta.getRequestCount()).as("Meta is never asked outside the window").isZero();
        assertThat(activityLog("lead-20")).extracting(entry -> entry.data().get("errorCode"))
                .containsExactly("OUTSIDE_SERVICE_WINDOW", "OUTSIDE_SERVICE_WINDOW");

        leadWrote(tenant, "lead-20", Duration.ofHours(23));
        SendResult sent = whatsapp.sendText(new WhatsAppTextSend(tenant, "lead-20", "+919876543210", "hi", "w3"));

        assertThat(sent.providerMessageId()).isEqualTo("wamid.in-window");
        assertThat(whatsapp.sendTemplate(new WhatsAppTemplateSend(fixture.newTenant(true), "lead-21", "+919876543210",
                "welcome", "en", List.of(), List.of(), "w4")).status()).as("a template needs no window")
                .isEqualTo(SendResult.SANDBOXED);
    }

    @Test
    void aSandboxSend_isRecordedInTheConversationToo_soTheInboxShowsIt() {
        String sandbox = fixture.newTenant(true);

        whatsapp.sendTemplate(new WhatsAppTemplateSend(sandbox, "lead-22", "+919876543210", "welcome", "en",
                List.of("Asha"), List.of(), "wf-22:step-1"));

        Message message = Conversations.byIdempotencyKey(fixture.scope(sandbox), "wf-22:step-1").orElseThrow();
        assertThat(message.status()).isEqualTo(Message.SENT);
        assertThat(message.providerMessageId()).startsWith("sandbox-wamid-");
        assertThat(Conversations.conversation(fixture.scope(sandbox), message.conversationId()).orElseThrow()
                .lastMessagePreview()).isEqualTo("[template welcome]");
    }

    /** The lead wrote to the tenant's number {@code ago}: its inbound message, as the webhook would store it. */
    private static void leadWrote(String clientCode, String leadId, Duration ago) {
        var scope = fixture.scope(clientCode);
        Conversation conversation = Conversations.open(scope, leadId, "whatsapp", "+919876543210");
        InboundMessages.record(scope, Message.inbound(clientCode, conversation.id(), leadId, "text", "+919876543210",
                "106540352242922", "hello", null, "wamid.in-" + leadId + "-" + System.nanoTime(), Instant.now().minus(ago)));
    }

    private List<ActivityEntry> activityLog(String leadId) {
        return fixture.scope(tenant).data().find(Query.query(Criteria.where("leadId").is(leadId)), ActivityEntry.class);
    }

    private static void assertPermanent(Runnable send, String messagePart) {
        assertThatThrownBy(send::run).isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
            assertThat(failure.getType()).isEqualTo(ErrorCode.PROVIDER_PERMANENT.name());
            assertThat(failure.isNonRetryable()).isTrue();
            assertThat(failure.getOriginalMessage()).contains(messagePart);
        });
    }

    private static void assertTransient(Runnable send) {
        assertThatThrownBy(send::run).isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
            assertThat(failure.getType()).isEqualTo(ErrorCode.PROVIDER_TRANSIENT.name());
            assertThat(failure.isNonRetryable()).isFalse();
        });
    }

    static MockResponse accepted(String wamid) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(
                "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"919876543210\",\"wa_id\":\"919876543210\"}],"
                        + "\"messages\":[{\"id\":\"" + wamid + "\"}]}");
    }

    static MockResponse metaError(int status, int code, String message, String details) {
        String errorData = details == null ? ""
                : ",\"error_data\":{\"messaging_product\":\"whatsapp\",\"details\":\"" + details + "\"}";
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(
                "{\"error\":{\"message\":\"" + message + "\",\"type\":\"OAuthException\",\"code\":" + code
                        + errorData + ",\"fbtrace_id\":\"AbCdEf\"}}");
    }
}
