package io.leadflow.api.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import io.leadflow.api.support.Meta;
import io.leadflow.api.support.SseClient;
import io.leadflow.shared.outbox.OutboxMessage;
import io.leadflow.shared.tenant.Tenants;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The inbox as an agent's screen uses it: the live stream (Server-Sent Events) showing a reply arrive, unread counts,
 * replies that are idempotent by clientMessageId, resuming with Last-Event-ID, browser stream tokens, and another
 * tenant seeing none of it.
 */
@ApiIntegrationTest
class InboxApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.shared();

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    Api api;
    Api.Tenant acme;
    Meta.Number number;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        acme = api.createTenant("inbox-" + System.nanoTime() % 1_000_000);
        number = Meta.newNumber();
        Meta.register(api, acme, number);
    }

    private SseClient stream(Api.Tenant tenant) throws Exception {
        SseClient client = SseClient.connect(port, "/api/saas/chat/stream", tenant.headers());
        assertThat(client.status()).isEqualTo(200);
        return client;
    }

    private void leadWrites(String phone, String wamid, String text) {
        assertThat(Meta.deliver(api, Meta.message(number, phone, "Asha", wamid, text), number.appSecret()).status())
                .isEqualTo(200);
    }

    private static JsonNode data(SseClient.Event event) {
        return JSON.readTree(event.data());
    }

    private JsonNode conversation(Api.Tenant tenant) {
        return api.as(tenant, "GET", "/api/saas/chat/conversations", null).body().get("data").get(0);
    }

    @Test
    void anSseClient_seesTheMessageArrive_andUnreadCountBecomesOne_untilTheConversationIsRead() throws Exception {
        try (SseClient live = stream(acme)) {
            assertThat(live.contentType()).startsWith("text/event-stream");

            leadWrites("+919822200001", "wamid.live-1", "Is Saturday free?");

            SseClient.Event created = live.next("message.created", WAIT);
            assertThat(created).as("message.created on the stream").isNotNull();
            assertThat(Long.parseLong(created.id())).isPositive();
            JsonNode event = data(created);
            assertThat(event.path("message").path("direction").asText()).isEqualTo("inbound");
            assertThat(event.path("message").path("body").asText()).isEqualTo("Is Saturday free?");
            assertThat(event.path("conversation").path("unreadCount").asInt()).isEqualTo(1);
            JsonNode listed = conversation(acme);
            assertThat(listed.get("unreadCount").asInt()).isEqualTo(1);
            assertThat(listed.get("id").asText()).isEqualTo(event.path("conversationId").asText());

            JsonNode read = api.as(acme, "POST", "/api/saas/chat/conversations/" + listed.get("id").asText() + "/read",
                    null).data();
            assertThat(read.get("unreadCount").asInt()).isZero();
            SseClient.Event readEvent = live.next("conversation.read", WAIT);
            assertThat(readEvent).isNotNull();
            assertThat(data(readEvent).path("conversation").path("unreadCount").asInt()).isZero();
            assertThat(conversation(acme).get("unreadCount").asInt()).isZero();
        }
    }

    @Test
    void aReply_isQueuedOnce_perClientMessageId_andTheStreamFollowsItToSent() throws Exception {
        leadWrites("+919822200002", "wamid.reply-1", "Can I move my booking?");
        String conversationId = await().atMost(WAIT).until(() -> conversation(acme), c -> c != null).get("id").asText();

        try (SseClient live = stream(acme)) {
            Api.Response queued = api.as(acme, "POST", "/api/saas/chat/conversations/" + conversationId + "/messages",
                    Map.of("clientMessageId", "agent-7:0001", "text", "Of course, which day suits you?"));
            Api.Response again = api.as(acme, "POST", "/api/saas/chat/conversations/" + conversationId + "/messages",
                    Map.of("clientMessageId", "agent-7:0001", "text", "Of course, which day suits you?"));

            assertThat(queued.status()).isEqualTo(202);
            assertThat(queued.data().get("status").asText()).isEqualTo("pending");
            assertThat(queued.data().get("clientMessageId").asText()).isEqualTo("agent-7:0001");
            assertThat(again.status()).as("the same clientMessageId is the same message").isEqualTo(200);
            assertThat(again.data().get("id").asText()).isEqualTo(queued.data().get("id").asText());
            SseClient.Event status = live.next(e -> e.name().equals("message.status")
                    && data(e).path("messageId").asText().equals(queued.data().get("id").asText()), WAIT);
            assertThat(status).as("the reply's status on the stream").isNotNull();
            assertThat(data(status).path("status").asText()).isEqualTo("sent");
        }
        List<OutboxMessage> sent = tenants.scope(acme.clientCode()).data().find(Query.query(Criteria.where("idempotencyKey")
                .is("reply:agent-7:0001")), OutboxMessage.class);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).body()).isEqualTo("Of course, which day suits you?");
        JsonNode messages = api.as(acme, "GET", "/api/saas/chat/conversations/" + conversationId + "/messages", null).body();
        assertThat(messages.get("data")).hasSize(2);
        assertThat(messages.get("data").get(0).get("direction").asText()).as("newest first").isEqualTo("outbound");
        assertThat(messages.get("pagination").get("total").asInt()).isEqualTo(2);
    }

    @Test
    void freeTextOutsideTheWindow_andRepliesToOptedOutLeads_areRefused() {
        api.as(acme, "POST", "/api/crm/automations", Map.of("name", "hello", "trigger", "hello_due",
                "steps", List.of(Map.of("action", Map.of("type", "send_whatsapp", "params", Map.of("templateName", "hello"))))));
        String leadId = api.as(acme, "POST", "/api/saas/workflows/trigger", Map.of("trigger", "hello_due",
                "phone", "+919822200003", "createLeadIfMissing", true)).data().get("leadId").asText();
        String conversationId = await().atMost(WAIT).until(() -> conversation(acme), c -> c != null).get("id").asText();
        String path = "/api/saas/chat/conversations/" + conversationId + "/messages";

        Api.Response outside = api.as(acme, "POST", path, Map.of("clientMessageId", "a1", "text", "hi"));
        assertThat(outside.status()).isEqualTo(422);
        assertThat(outside.errorCode()).isEqualTo("OUTSIDE_SERVICE_WINDOW");
        Api.Response template = api.as(acme, "POST", path, Map.of("clientMessageId", "a2",
                "template", Map.of("name", "follow_up", "variables", List.of("Asha"))));
        assertThat(template.status()).as("a template needs no window").isEqualTo(202);

        api.as(acme, "PATCH", "/api/crm/leads/" + leadId, Map.of("optOut", Map.of("whatsapp", true)));
        Api.Response optedOut = api.as(acme, "POST", path, Map.of("clientMessageId", "a3",
                "template", Map.of("name", "follow_up")));
        assertThat(optedOut.status()).isEqualTo(422);
        assertThat(optedOut.errorCode()).isEqualTo("OPTED_OUT");

        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("text", "no id"),
                Map.of("clientMessageId", "bad id!", "text", "x"), Map.of("clientMessageId", "b1"),
                Map.of("clientMessageId", "b2", "text", "x", "template", Map.of("name", "t")))) {
            Api.Response refused = api.as(acme, "POST", path, bad);
            assertThat(refused.status()).as(bad.toString()).isEqualTo(400);
        }
    }

    @Test
    void aReconnectingClient_resumesAfterItsLastEventId_withoutGapsOrRepeats() throws Exception {
        String last;
        try (SseClient first = stream(acme)) {
            leadWrites("+919822200004", "wamid.resume-1", "one");
            last = first.next("message.created", WAIT).id();
        }
        leadWrites("+919822200004", "wamid.resume-2", "two");
        leadWrites("+919822200004", "wamid.resume-3", "three");
        await().atMost(WAIT).until(() -> conversation(acme).get("unreadCount").asInt() == 3);

        try (SseClient resumed = SseClient.connect(port, "/api/saas/chat/stream",
                Map.of("x-client-code", acme.clientCode(), "x-api-key", acme.apiKey(), "Last-Event-ID", last))) {
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                SseClient.Event event = resumed.next("message.created", WAIT);
                assertThat(event).as("missed event %d", i).isNotNull();
                assertThat(Long.parseLong(event.id())).isGreaterThan(Long.parseLong(last));
                bodies.add(data(event).path("message").path("body").asText());
            }
            assertThat(bodies).containsExactly("two", "three");
            leadWrites("+919822200004", "wamid.resume-4", "four");
            assertThat(data(resumed.next("message.created", WAIT)).path("message").path("body").asText())
                    .as("and live after the replay").isEqualTo("four");
        }
        try (SseClient viaParam = SseClient.connect(port, "/api/saas/chat/stream?lastEventId=" + last, acme.headers())) {
            assertThat(data(viaParam.next("message.created", WAIT)).path("message").path("body").asText()).isEqualTo("two");
        }
        Api.Response badId = api.send("GET", "/api/saas/chat/stream", null,
                Map.of("x-client-code", acme.clientCode(), "x-api-key", acme.apiKey(), "Last-Event-ID", "abc"));
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.errorCode()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void browsers_connectWithAShortLivedToken_thatOpensTheStreamAndNothingElse() throws Exception {
        JsonNode issued = api.as(acme, "POST", "/api/saas/chat/stream-token", null).data();
        String token = issued.get("token").asText();

        try (SseClient browser = SseClient.connect(port, "/api/saas/chat/stream?token=" + token, Map.of())) {
            assertThat(browser.status()).isEqualTo(200);
            leadWrites("+919822200005", "wamid.token-1", "from a browser");
            assertThat(browser.next("message.created", WAIT)).isNotNull();
        }
        assertThat(api.send("GET", "/api/saas/chat/conversations?token=" + token, null, Map.of()).status())
                .as("the token opens the stream only").isEqualTo(401);
        assertThat(api.send("GET", "/api/saas/chat/stream?token=" + token.substring(0, token.length() - 2) + "xx", null,
                Map.of()).status()).isEqualTo(401);
        assertThat(api.send("GET", "/api/saas/chat/stream", null, acme.publishableHeaders()).status())
                .as("a publishable key may not read the inbox").isEqualTo(403);
        assertThat(api.send("GET", "/api/saas/chat/stream", null, Map.of()).status()).isEqualTo(401);

        api.admin("POST", "/api/clients/" + acme.clientCode() + "/secret-key/rotate", null);
        assertThat(api.send("GET", "/api/saas/chat/stream?token=" + token, null, Map.of()).status())
                .as("rotating the secret key revokes its stream tokens").isEqualTo(401);
    }

    @Test
    void anotherTenant_seesNoneOfTheInbox_onTheStreamOrThroughAnyRoute() throws Exception {
        Api.Tenant other = api.createTenant("inbox-other-" + System.nanoTime() % 1_000_000);
        try (SseClient theirs = stream(other); SseClient ours = stream(acme)) {
            leadWrites("+919822200006", "wamid.iso-1", "private");
            assertThat(ours.next("message.created", WAIT)).isNotNull();
            assertThat(theirs.next("message.created", Duration.ofSeconds(2))).as("not on another tenant's stream").isNull();
        }
        String id = conversation(acme).get("id").asText();
        String before = api.as(acme, "GET", "/api/saas/chat/conversations/" + id, null).raw().body();

        for (String[] call : new String[][] {{"GET", ""}, {"GET", "/messages"}, {"POST", "/read"}}) {
            Api.Response refused = api.as(other, call[0], "/api/saas/chat/conversations/" + id + call[1], null);
            assertThat(refused.status()).as(call[0] + call[1]).isEqualTo(404);
            assertThat(refused.errorCode()).isEqualTo("CONVERSATION_NOT_FOUND");
        }
        Api.Response reply = api.as(other, "POST", "/api/saas/chat/conversations/" + id + "/messages",
                Map.of("clientMessageId", "x1", "text", "hijack"));
        assertThat(reply.status()).isEqualTo(404);
        assertThat(api.as(other, "GET", "/api/saas/chat/conversations", null).body().get("data")).isEmpty();
        assertThat(api.as(acme, "GET", "/api/saas/chat/conversations/" + id, null).raw().body()).isEqualTo(before);
    }

    @Test
    void streamsPerTenant_areBounded() throws Exception {
        List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                open.add(stream(acme));
            }
            try (SseClient oneTooMany = SseClient.connect(port, "/api/saas/chat/stream", acme.headers())) {
                assertThat(oneTooMany.status()).isEqualTo(429);
                assertThat(oneTooMany.errorBody()).contains("TOO_MANY_STREAMS");
            }
        } finally {
            open.forEach(SseClient::close);
        }
        await().atMost(WAIT).untilAsserted(() -> {
            try (SseClient again = SseClient.connect(port, "/api/saas/chat/stream", acme.headers())) {
                assertThat(again.status()).as("closed streams free their place").isEqualTo(200);
            }
        });
    }
}
