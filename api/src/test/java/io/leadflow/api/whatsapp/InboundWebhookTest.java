package io.leadflow.api.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import io.leadflow.api.support.Meta;
import io.leadflow.shared.conversation.Message;
import io.leadflow.shared.outbox.OutboxMessage;
import io.leadflow.shared.tenant.Tenants;
import io.leadflow.shared.whatsapp.InboundWebhook;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;

/**
 * The platform WhatsApp webhook end to end: Meta's handshake, signed deliveries in Meta's documented format stored and
 * processed by a workflow (lead, conversation, message, receipts, engine events), replays changing nothing, and every
 * way a delivery can be refused or kept.
 */
@ApiIntegrationTest
class InboundWebhookTest {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    MongoTemplate central;

    Api api;
    Api.Tenant acme;
    Meta.Number number;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        acme = api.createTenant("wa-" + System.nanoTime() % 1_000_000);
        number = Meta.newNumber();
        Meta.register(api, acme, number);
    }

    private String rule(String trigger, List<String> exitOn, List<Map<String, Object>> steps) {
        Api.Response created = api.as(acme, "POST", "/api/crm/automations", Map.of("name", "rule " + trigger,
                "trigger", trigger, "steps", steps, "exitOn", exitOn));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return created.data().get("id").asText();
    }

    private JsonNode fire(String trigger, String phone) {
        Api.Response fired = api.as(acme, "POST", "/api/saas/workflows/trigger", Map.of("trigger", trigger,
                "phone", phone, "firstName", "Asha", "createLeadIfMissing", true));
        assertThat(fired.status()).isEqualTo(200);
        return fired.data();
    }

    private JsonNode sequence(String workflowId) {
        return api.as(acme, "GET", "/api/crm/sequences/" + workflowId, null).data();
    }

    private JsonNode events(String leadId, String trigger) {
        return api.as(acme, "GET", "/api/saas/events?leadId=" + leadId + "&trigger=" + trigger, null).data();
    }

    private JsonNode conversations() {
        return api.as(acme, "GET", "/api/saas/chat/conversations", null).body();
    }

    private long webhooksStored() {
        return central.count(new Query(), InboundWebhook.class);
    }

    @Test
    void metasHandshake_echoesTheChallengeForAKnownVerifyToken_andIsRefusedOtherwise() {
        Api.Response ok = api.send("GET", "/api/saas/whatsapp/webhook?hub.mode=subscribe&hub.verify_token="
                + number.verifyToken() + "&hub.challenge=1158201444", null, Map.of());
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.raw().body()).isEqualTo("1158201444");
        assertThat(ok.raw().headers().firstValue("content-type").orElse("")).startsWith("text/plain");

        Api.Response platform = api.send("GET", "/api/saas/whatsapp/webhook?hub.mode=subscribe"
                + "&hub.verify_token=it-platform-verify-token&hub.challenge=42", null, Map.of());
        assertThat(platform.status()).as("the platform's own verify token").isEqualTo(200);

        for (String query : List.of("hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1",
                "hub.mode=unsubscribe&hub.verify_token=" + number.verifyToken() + "&hub.challenge=1",
                "hub.challenge=1")) {
            Api.Response refused = api.send("GET", "/api/saas/whatsapp/webhook?" + query, null, Map.of());
            assertThat(refused.status()).as(query).isEqualTo(403);
            assertThat(refused.errorCode()).isEqualTo("FORBIDDEN");
        }
        Api.Response odd = api.send("GET", "/api/saas/whatsapp/webhook?hub.mode=subscribe&hub.verify_token="
                + number.verifyToken() + "&hub.challenge=%3Cscript%3E", null, Map.of());
        assertThat(odd.status()).as("a challenge that is not a token is not echoed").isEqualTo(400);
    }

    @Test
    void aReplyPostedTwice_isOneMessageOneLeadRepliedEvent_andItsSequenceExits() {
        String ruleId = rule("appointment_confirmed", List.of("lead_replied"), List.of(
                Map.of("delay", Map.of("value", 2, "unit", "days"),
                        "action", Map.of("type", "add_tag", "params", Map.of("tag", "chased")))));
        String leadId = fire("appointment_confirmed", "+919811100001").get("leadId").asText();
        String workflowId = "seq:" + acme.clientCode() + ":" + leadId + ":rule:" + ruleId;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(sequence(workflowId).path("status").asText()).isEqualTo("running"));

        String body = Meta.message(number, "+919811100001", "Asha Rao", "wamid.HBgLOTE5ODExMTAwMDAxFQIAEhgg", "Yes, I'll be there");
        Api.Response first = Meta.deliver(api, body, number.appSecret());
        Api.Response second = Meta.deliver(api, body, number.appSecret());

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.data().get("duplicate").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(sequence(workflowId).path("status").asText()).isEqualTo("exited"));
        assertThat(sequence(workflowId).path("exitReason").asText()).isEqualTo("lead_replied");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(events(leadId, "lead_replied")).hasSize(1));
        assertThat(events(leadId, "message_received")).hasSize(1);
        JsonNode inbox = conversations();
        assertThat(inbox.get("data")).hasSize(1);
        JsonNode conversation = inbox.get("data").get(0);
        assertThat(conversation.get("leadId").asText()).isEqualTo(leadId);
        assertThat(conversation.get("unreadCount").asInt()).isEqualTo(1);
        assertThat(conversation.get("lastMessagePreview").asText()).isEqualTo("Yes, I'll be there");
        assertThat(conversation.get("serviceWindowOpen").asBoolean()).isTrue();
        JsonNode messages = api.as(acme, "GET", "/api/saas/chat/conversations/" + conversation.get("id").asText()
                + "/messages", null).body();
        assertThat(messages.get("data")).hasSize(1);
        assertThat(messages.get("data").get(0).get("direction").asText()).isEqualTo("inbound");
        assertThat(messages.get("data").get(0).get("providerMessageId").asText()).isEqualTo("wamid.HBgLOTE5ODExMTAwMDAxFQIAEhgg");

        // The same message inside another delivery (Meta re-batches) changes nothing either.
        String rebatched = body.replace("\"field\":\"messages\"", "\"field\":\"messages\",\"extra\":1");
        assertThat(Meta.deliver(api, rebatched, number.appSecret()).status()).isEqualTo(200);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(events(leadId, "lead_replied")).hasSize(1);
            assertThat(conversations().get("data").get(0).get("unreadCount").asInt()).isEqualTo(1);
        });
    }

    @Test
    void anUnknownSender_becomesALeadWithItsProfileName() {
        Meta.deliver(api, Meta.message(number, "+14155550199", "Mira Shah", "wamid.new-sender-1", "Hi, how much is it?"),
                number.appSecret());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(conversations().get("data")).hasSize(1));
        JsonNode leads = api.as(acme, "GET", "/api/crm/leads?q=4155550199", null).body().get("data");
        assertThat(leads).hasSize(1);
        assertThat(leads.get(0).get("firstName").asText()).isEqualTo("Mira Shah");
        assertThat(leads.get(0).get("source").asText()).isEqualTo("whatsapp");
        assertThat(leads.get(0).get("lastInboundAt").isNull()).isFalse();
    }

    @Test
    void aBadOrMissingSignature_is401_andNothingIsStoredOrProcessed() {
        String body = Meta.message(number, "+919811100002", "Eve", "wamid.forged-1", "hello");
        long before = webhooksStored();

        Api.Response forged = Meta.deliver(api, body, "not-the-app-secret");
        Api.Response unsigned = api.sendRaw("POST", "/api/saas/whatsapp/webhook", body, Map.of());
        Api.Response malformed = api.sendRaw("POST", "/api/saas/whatsapp/webhook", body,
                Map.of("X-Hub-Signature-256", "sha1=abc"));

        for (Api.Response refused : List.of(forged, unsigned, malformed)) {
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.errorCode()).isEqualTo("UNAUTHORIZED");
        }
        assertThat(webhooksStored()).isEqualTo(before);
        assertThat(conversations().get("data")).isEmpty();
    }

    @Test
    void aTenantsOwnAppSecret_cannotSpeakForAnotherTenantsNumber() {
        Api.Response victim = api.createTenantResponse("wa-victim-" + System.nanoTime() % 1_000_000);
        Api.Tenant other = new Api.Tenant(victim.data().get("clientCode").asText(), victim.data().get("secretKey").asText(), null);
        Meta.Number victimNumber = Meta.newNumber();
        Meta.register(api, other, victimNumber);
        String intoVictim = Meta.message(victimNumber, "+919811100003", "Mallory", "wamid.cross-1", "fake");

        Api.Response refused = Meta.deliver(api, intoVictim, number.appSecret());

        assertThat(refused.status()).isEqualTo(401);
        assertThat(api.as(other, "GET", "/api/saas/chat/conversations", null).body().get("data")).isEmpty();
    }

    @Test
    void aDeliveryForAnUnknownNumber_isKeptListedForOperators_andRoutedOnceTheNumberIsKnown() {
        Meta.Number unknown = Meta.newNumber();
        String body = Meta.message(unknown, "+919811100004", "Ravi", "wamid.unrouted-1", "anyone there?");

        Api.Response kept = Meta.deliver(api, body, unknown.appSecret());

        assertThat(kept.status()).isEqualTo(200);
        String webhookId = kept.data().get("webhookId").asText();
        assertThat(kept.data().get("status").asText()).isEqualTo("unrouted");
        JsonNode listed = api.admin("GET", "/api/admin/whatsapp/unrouted", null).data();
        assertThat(listed.findValuesAsString("id")).contains(webhookId);
        assertThat(api.as(acme, "GET", "/api/admin/whatsapp/unrouted", null).status())
                .as("a tenant key never reaches the admin list").isEqualTo(403);

        Api.Tenant owner = api.createTenant("wa-late-" + System.nanoTime() % 1_000_000);
        Meta.register(api, owner, unknown);
        JsonNode routed = api.admin("POST", "/api/admin/whatsapp/unrouted/" + webhookId + "/route", null).data();

        assertThat(routed.get("routedTo").get(0).asText()).isEqualTo(owner.clientCode());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.as(owner, "GET", "/api/saas/chat/conversations", null).body().get("data")).hasSize(1));
        assertThat(api.admin("GET", "/api/admin/whatsapp/unrouted", null).data().findValuesAsString("id"))
                .doesNotContain(webhookId);
    }

    @Test
    void receipts_moveOutboundMessagesForwardOnly_andAFailureIsRecordedOnTheLead() {
        rule("promo_due", List.of(), List.of(Map.of("action", Map.of("type", "send_whatsapp",
                "params", Map.of("templateName", "promo", "variables", List.of("{{lead.firstName}}"))))));
        String leadId = fire("promo_due", "+919811100005").get("leadId").asText();
        OutboxMessage sent = await().atMost(Duration.ofSeconds(30)).until(() -> tenants.scope(acme.clientCode()).data()
                .find(Query.query(Criteria.where("leadId").is(leadId)), OutboxMessage.class), rows -> rows.size() == 1).get(0);
        String wamid = sent.providerMessageId();

        Meta.deliver(api, Meta.status(number, wamid, "read", "+919811100005"), number.appSecret());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(outbound(leadId).status()).isEqualTo("read"));
        Meta.deliver(api, Meta.status(number, wamid, "delivered", "+919811100005"), number.appSecret());
        Meta.deliver(api, Meta.status(number, wamid, "failed", "+919811100005"), number.appSecret());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(outbound(leadId).status()).as("read is final").isEqualTo("read"));
        assertThat(outbound(leadId).statuses()).extracting(Message.StatusChange::status)
                .containsExactly("pending", "sent", "read");

        rule("promo_two", List.of(), List.of(Map.of("action", Map.of("type", "send_whatsapp",
                "params", Map.of("templateName", "promo", "variables", List.of("{{lead.firstName}}"))))));
        String other = fire("promo_two", "+919811100006").get("leadId").asText();
        OutboxMessage second = await().atMost(Duration.ofSeconds(30)).until(() -> tenants.scope(acme.clientCode()).data()
                .find(Query.query(Criteria.where("leadId").is(other)), OutboxMessage.class), rows -> rows.size() == 1).get(0);
        Meta.deliver(api, Meta.status(number, second.providerMessageId(), "failed", "+919811100006"), number.appSecret());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Message failed = outbound(other);
            assertThat(failed.status()).isEqualTo("failed");
            assertThat(failed.error().code()).isEqualTo("META_131026");
        });
        JsonNode activity = api.as(acme, "GET", "/api/crm/leads/" + other + "/activities", null).data();
        assertThat(activity.findValuesAsString("type")).contains("message_failed");
    }

    @Test
    void stop_optsTheLeadOut_andTheNextWhatsAppStepIsSkippedWithOptedOut_whileStartOptsBackIn() {
        rule("promo_due", List.of(), List.of(Map.of("action", Map.of("type", "send_whatsapp",
                "params", Map.of("templateName", "promo")))));
        api.as(acme, "POST", "/api/crm/leads", Map.of("phone", "+919811100007", "firstName", "Asha"));

        Meta.deliver(api, Meta.message(number, "+919811100007", "Asha", "wamid.stop-1", "STOP"), number.appSecret());

        JsonNode lead = await().atMost(Duration.ofSeconds(30)).until(() -> api.as(acme, "GET",
                "/api/crm/leads?q=9811100007", null).body().get("data").get(0), l -> l.path("optOut").path("whatsapp").asBoolean());
        String leadId = lead.get("id").asText();
        assertThat(api.as(acme, "GET", "/api/crm/leads/" + leadId + "/activities", null).data()
                .findValuesAsString("type")).contains("opted_out");
        String ruleId = api.as(acme, "GET", "/api/crm/automations?trigger=promo_due", null).data().get(0).get("id").asText();
        fire("promo_due", "+919811100007");
        String workflowId = "seq:" + acme.clientCode() + ":" + leadId + ":rule:" + ruleId;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(sequence(workflowId).path("status").asText()).isEqualTo("completed"));
        JsonNode step = sequence(workflowId).path("steps").get(0);
        assertThat(step.path("outcome").asText()).isEqualTo("skipped");
        assertThat(step.path("result").path("code").asText()).isEqualTo("OPTED_OUT");
        assertThat(tenants.scope(acme.clientCode()).data().find(Query.query(Criteria.where("leadId").is(leadId)),
                OutboxMessage.class)).as("nothing was sent").isEmpty();

        Meta.deliver(api, Meta.message(number, "+919811100007", "Asha", "wamid.start-1", "start"), number.appSecret());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.as(acme, "GET",
                "/api/crm/leads/" + leadId, null).data().path("optOut").path("whatsapp").asBoolean()).isFalse());
    }

    @Test
    void optOutThroughTheLeadApi_isPerChannel() {
        String leadId = api.as(acme, "POST", "/api/crm/leads", Map.of("phone", "+919811100008", "email",
                "asha@example.com")).data().get("id").asText();

        Api.Response patched = api.as(acme, "PATCH", "/api/crm/leads/" + leadId, Map.of("optOut", Map.of("whatsapp", true)));

        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.data().path("optOut").path("whatsapp").asBoolean()).isTrue();
        assertThat(patched.data().path("optOut").path("email").isMissingNode()).isTrue();
        Api.Response unknownChannel = api.as(acme, "PATCH", "/api/crm/leads/" + leadId, Map.of("optOut", Map.of("sms", true)));
        assertThat(unknownChannel.status()).isEqualTo(400);
        assertThat(unknownChannel.body().path("error").path("message").asText()).startsWith("optOut.sms");
    }

    private Message outbound(String leadId) {
        return tenants.scope(acme.clientCode()).data().findOne(Query.query(Criteria.where("leadId").is(leadId)
                .and("direction").is("outbound")), Message.class).orElseThrow();
    }
}
