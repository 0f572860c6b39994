package io.leadflow.api.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import io.leadflow.api.support.Meta;
import io.leadflow.shared.outbox.OutboxMessage;
import io.leadflow.shared.tenant.Tenants;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;

/**
 * Broadcasts through the API with the whole engine in-process: exact counts (opted-out and phoneless leads skipped),
 * one outbox row per recipient, delivery counts from receipts, cancel, bad input and tenant isolation. (The worker
 * killed mid-way on 10,000 leads is the end-to-end check, temporal-dev/e2e.sh.)
 */
@ApiIntegrationTest
class BroadcastApiTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

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
        acme = api.createTenant("bc-" + System.nanoTime() % 1_000_000);
        number = Meta.newNumber();
        Meta.register(api, acme, number);
    }

    private String lead(String phone, String email, String firstName, List<String> tags) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        if (phone != null) {
            body.put("phone", phone);
        }
        if (email != null) {
            body.put("email", email);
        }
        body.put("firstName", firstName);
        body.put("tags", tags);
        Api.Response created = api.as(acme, "POST", "/api/crm/leads", body);
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return created.data().get("id").asText();
    }

    private JsonNode broadcast(String id) {
        return api.as(acme, "GET", "/api/crm/broadcasts/" + id, null).data();
    }

    private List<OutboxMessage> sentFor(String broadcastId) {
        return tenants.scope(acme.clientCode()).data().find(Query.query(Criteria.where("idempotencyKey")
                .regex("^broadcast:" + broadcastId + ":")), OutboxMessage.class);
    }

    @Test
    void aBroadcast_sendsOncePerRecipient_skipsOptedOutAndPhonelessLeads_andCountsExactly() {
        List<String> reached = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            reached.add(lead(String.format("+9198444%05d", i), null, "Lead" + i, List.of("spring", "vip")));
        }
        for (int i = 0; i < 3; i++) {
            String optedOut = lead(String.format("+9198445%05d", i), null, "Quiet" + i, List.of("spring", "vip"));
            api.as(acme, "PATCH", "/api/crm/leads/" + optedOut, Map.of("optOut", Map.of("whatsapp", true)));
        }
        lead(null, "nophone1@example.com", "Mail", List.of("spring", "vip"));
        lead(null, "nophone2@example.com", "Mail", List.of("spring", "vip"));
        lead("+919844699999", null, "NotVip", List.of("spring"));

        Api.Response created = api.as(acme, "POST", "/api/crm/broadcasts", Map.of("name", "Spring sale",
                "template", "spring_sale", "variables", List.of("{{lead.firstName}}"),
                "audience", Map.of("tags", List.of("spring", "vip"))));

        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        String id = created.data().get("id").asText();
        assertThat(created.data().get("workflowId").asText()).isEqualTo("broadcast:" + acme.clientCode() + ":" + id);
        await().atMost(WAIT).until(() -> broadcast(id).get("status").asText().equals("completed"));
        JsonNode counts = broadcast(id).get("counts");
        assertThat(counts.get("total").asLong()).isEqualTo(45);
        assertThat(counts.get("sent").asLong()).isEqualTo(40);
        assertThat(counts.get("skipped").asLong()).isEqualTo(5);
        assertThat(counts.get("failed").asLong()).isZero();
        assertThat(counts.get("pending").asLong()).isZero();
        List<OutboxMessage> sent = sentFor(id);
        assertThat(sent).hasSize(40);
        Set<String> leads = new HashSet<>();
        sent.forEach(row -> leads.add(row.leadId()));
        assertThat(leads).as("no one twice, every reachable lead once").containsExactlyInAnyOrderElementsOf(reached);
        assertThat(sent).allSatisfy(row -> {
            assertThat(row.templateName()).isEqualTo("spring_sale");
            assertThat(row.bodyVariables()).hasSize(1).first().asString().startsWith("Lead");
        });

        OutboxMessage first = sent.get(0);
        OutboxMessage second = sent.get(1);
        Meta.deliver(api, Meta.status(number, first.providerMessageId(), "delivered", first.recipient()), number.appSecret());
        Meta.deliver(api, Meta.status(number, second.providerMessageId(), "read", second.recipient()), number.appSecret());
        Meta.deliver(api, Meta.status(number, sent.get(2).providerMessageId(), "failed", sent.get(2).recipient()),
                number.appSecret());
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode after = broadcast(id).get("counts");
            assertThat(after.get("delivered").asLong()).as("delivered includes read").isEqualTo(2);
            assertThat(after.get("read").asLong()).isEqualTo(1);
            assertThat(after.get("failed").asLong()).isEqualTo(1);
            assertThat(after.get("sent").asLong()).isEqualTo(39);
            assertThat(after.get("total").asLong()).isEqualTo(45);
        });
    }

    @Test
    void aScheduledBroadcast_canBeCancelledBeforeItSendsAnything() {
        lead("+919844700001", null, "Asha", List.of("later"));

        String id = api.as(acme, "POST", "/api/crm/broadcasts", Map.of("name", "Tomorrow", "template", "promo",
                "audience", Map.of("tags", List.of("later")),
                "scheduleAt", Instant.now().plus(Duration.ofHours(2)).toString())).data().get("id").asText();
        assertThat(broadcast(id).get("status").asText()).isEqualTo("scheduled");

        Api.Response cancelled = api.as(acme, "POST", "/api/crm/broadcasts/" + id + "/cancel", Map.of("reason", "typo"));

        assertThat(cancelled.status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> broadcast(id).get("status").asText().equals("cancelled"));
        assertThat(broadcast(id).get("cancelReason").asText()).isEqualTo("typo");
        assertThat(sentFor(id)).isEmpty();
        Api.Response again = api.as(acme, "POST", "/api/crm/broadcasts/" + id + "/cancel", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("CONFLICT");
    }

    @Test
    void aCreateRetriedWithItsIdempotencyKey_returnsTheFirstBroadcast_andAnotherRequestWithTheKeyIsAConflict() {
        lead("+919844750001", null, "Asha", List.of("retry"));
        Map<String, Object> request = Map.of("name", "Retried", "template", "promo", "idempotencyKey", "launch-42",
                "audience", Map.of("tags", List.of("retry")),
                "scheduleAt", Instant.now().plus(Duration.ofHours(2)).toString());

        Api.Response first = api.as(acme, "POST", "/api/crm/broadcasts", request);
        Api.Response retried = api.as(acme, "POST", "/api/crm/broadcasts", request);

        assertThat(first.status()).as(first.raw().body()).isEqualTo(201);
        assertThat(first.data().get("duplicate").asBoolean()).isFalse();
        assertThat(first.data().get("idempotencyKey").asText()).isEqualTo("launch-42");
        assertThat(retried.status()).as(retried.raw().body()).isEqualTo(200);
        assertThat(retried.data().get("duplicate").asBoolean()).isTrue();
        assertThat(retried.data().get("id").asText()).isEqualTo(first.data().get("id").asText());
        assertThat(api.as(acme, "GET", "/api/crm/broadcasts", null).data()).hasSize(1);

        Map<String, Object> different = new java.util.HashMap<>(request);
        different.put("template", "other_template");
        Api.Response misused = api.as(acme, "POST", "/api/crm/broadcasts", different);
        assertThat(misused.status()).isEqualTo(409);
        assertThat(misused.errorCode()).isEqualTo("CONFLICT");

        // keys are per tenant: another tenant's "launch-42" is its own broadcast
        Api.Tenant other = api.createTenant("bc-key-" + System.nanoTime() % 1_000_000);
        api.as(other, "POST", "/api/crm/leads", Map.of("phone", "+919844750002", "firstName", "Ravi",
                "tags", List.of("retry")));
        Api.Response theirs = api.as(other, "POST", "/api/crm/broadcasts", request);
        assertThat(theirs.status()).as(theirs.raw().body()).isEqualTo(201);
        assertThat(theirs.data().get("id").asText()).isNotEqualTo(first.data().get("id").asText());
        api.as(acme, "POST", "/api/crm/broadcasts/" + first.data().get("id").asText() + "/cancel", null);
        api.as(other, "POST", "/api/crm/broadcasts/" + theirs.data().get("id").asText() + "/cancel", null);
    }

    @Test
    void badBroadcasts_areRefusedBeforeTheyExist() {
        lead("+919844800001", null, "Asha", List.of("any"));
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("template", "promo", "audience", Map.of("tags", List.of("any"))),
                Map.of("name", "x", "audience", Map.of("tags", List.of("any"))),
                Map.of("name", "x", "template", "promo"),
                Map.of("name", "x", "template", "promo", "audience", Map.of()),
                Map.of("name", "x", "template", "promo", "audience", Map.of("tags", List.of("nobody-has-this"))),
                Map.of("name", "x", "template", "promo", "audience", Map.of("tags", List.of("any")), "scheduleAt", "tomorrow"),
                Map.of("name", "x", "template", "promo", "language", "english", "audience", Map.of("tags", List.of("any"))),
                Map.of("name", "x", "template", "promo", "audience", Map.of("tags", List.of("any")),
                        "variables", List.of("{{secret.key}}")),
                Map.of("name", "x", "template", "promo", "audience", Map.of("tags", List.of("any")),
                        "idempotencyKey", "k".repeat(201)))) {
            Api.Response refused = api.as(acme, "POST", "/api/crm/broadcasts", bad);
            assertThat(refused.status()).as(bad.toString()).isEqualTo(400);
            assertThat(refused.errorCode()).isEqualTo("VALIDATION_FAILED");
        }
        assertThat(api.as(acme, "GET", "/api/crm/broadcasts", null).data()).isEmpty();
    }

    @Test
    void anotherTenant_cannotSeeOrCancelABroadcast() {
        lead("+919844900001", null, "Asha", List.of("mine"));
        String id = api.as(acme, "POST", "/api/crm/broadcasts", Map.of("name", "Mine", "template", "promo",
                "audience", Map.of("tags", List.of("mine")),
                "scheduleAt", Instant.now().plus(Duration.ofHours(1)).toString())).data().get("id").asText();
        Api.Tenant other = api.createTenant("bc-other-" + System.nanoTime() % 1_000_000);

        Api.Response get = api.as(other, "GET", "/api/crm/broadcasts/" + id, null);
        assertThat(get.status()).isEqualTo(404);
        assertThat(get.errorCode()).isEqualTo("BROADCAST_NOT_FOUND");
        assertThat(api.as(other, "POST", "/api/crm/broadcasts/" + id + "/cancel", null).status()).isEqualTo(404);
        assertThat(api.as(other, "GET", "/api/crm/broadcasts", null).data()).isEmpty();
        assertThat(broadcast(id).get("status").asText()).isEqualTo("scheduled");
        api.as(acme, "POST", "/api/crm/broadcasts/" + id + "/cancel", null);
    }
}
