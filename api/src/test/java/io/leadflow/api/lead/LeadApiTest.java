package io.leadflow.api.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The lead API on the real app: envelope, paging, lifecycle changes and the internal triggers they fire. */
@ApiIntegrationTest
class LeadApiTest {

    @LocalServerPort
    int port;

    Api api;
    Api.Tenant acme;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        acme = api.createTenant("crm-" + System.nanoTime() % 1_000_000);
    }

    private JsonNode create(Map<String, Object> body) {
        Api.Response created = api.as(acme, "POST", "/api/crm/leads", body);
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return created.data();
    }

    private List<String> triggersFiredFor(String leadId) {
        JsonNode events = api.as(acme, "GET", "/api/saas/events?leadId=" + leadId + "&limit=100", null).data();
        List<String> triggers = new ArrayList<>();
        events.forEach(event -> {
            assertThat(event.get("source").asText()).isEqualTo("crm");
            triggers.add(event.get("trigger").asText());
        });
        return triggers;
    }

    @Test
    void createdLeadIsReturnedInTheEnvelopeAndFiresLeadCreated() {
        JsonNode lead = create(Map.of("firstName", "Asha", "phone", "+91 98765 43210", "email", "Asha@Example.com",
                "dealValue", 5000, "tags", List.of("webinar"), "refs", Map.of("orderId", "ORD-7")));

        assertThat(lead.get("id").asText()).hasSize(24);
        assertThat(lead.get("phone").asText()).isEqualTo("+919876543210");
        assertThat(lead.get("email").asText()).isEqualTo("asha@example.com");
        assertThat(lead.get("createdAt").asText()).endsWith("Z");
        Api.Response read = api.as(acme, "GET", "/api/crm/leads/" + lead.get("id").asText(), null);
        assertThat(read.body().get("success").asBoolean()).isTrue();
        assertThat(read.data()).isEqualTo(lead);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(triggersFiredFor(lead.get("id").asText())).containsExactly("lead_created"));
    }

    @Test
    void listIsPagedWithPaginationBesideTheData() {
        for (int i = 0; i < 3; i++) {
            create(Map.of("phone", "+1555010000" + i, "firstName", "Lead" + i));
        }

        Api.Response page = api.as(acme, "GET", "/api/crm/leads?page=2&limit=2", null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().get("success").asBoolean()).isTrue();
        assertThat(page.body().get("data")).hasSize(1);
        assertThat(page.body().get("data").get(0).get("firstName").asText()).isEqualTo("Lead0");
        JsonNode pagination = page.body().get("pagination");
        assertThat(pagination.get("page").asInt()).isEqualTo(2);
        assertThat(pagination.get("limit").asInt()).isEqualTo(2);
        assertThat(pagination.get("total").asLong()).isEqualTo(3);
        assertThat(pagination.get("totalPages").asInt()).isEqualTo(2);
        assertThat(api.as(acme, "GET", "/api/crm/leads?q=lead2", null).body().get("data")).hasSize(1);
    }

    @Test
    void movingTaggingAndAssigningFireTheirTriggersAndAreLogged() {
        String id = create(Map.of("phone", "+15550100100")).get("id").asText();

        Api.Response moved = api.as(acme, "POST", "/api/crm/leads/" + id + "/move", Map.of("stageName", "Qualified"));
        Api.Response tagged = api.as(acme, "POST", "/api/crm/leads/" + id + "/tags",
                Map.of("add", List.of("vip", "hot"), "remove", List.of("cold")));
        Api.Response assigned = api.as(acme, "POST", "/api/crm/leads/" + id + "/assign", Map.of("userId", "sam"));

        assertThat(moved.status()).isEqualTo(200);
        assertThat(tagged.data().get("tags").toString()).isEqualTo("[\"vip\",\"hot\"]");
        assertThat(assigned.data().get("assignedTo").asText()).isEqualTo("sam");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(triggersFiredFor(id))
                .containsExactlyInAnyOrder("lead_created", "stage_exit", "stage_enter", "tag_added", "tag_added", "assigned"));
        JsonNode enter = api.as(acme, "GET", "/api/saas/events?leadId=" + id + "&trigger=stage_enter", null).data().get(0);
        assertThat(enter.path("request").path("variables").path("stageName").asText()).isEqualTo("Qualified");
        assertThat(enter.path("request").path("variables").path("fromStageName").asText()).isEqualTo("New");
        JsonNode activities = api.as(acme, "GET", "/api/crm/leads/" + id + "/activities", null).data();
        List<String> types = new ArrayList<>();
        activities.forEach(entry -> types.add(entry.get("type").asText()));
        assertThat(types).containsExactly("assigned", "tag_added", "tag_added", "stage_changed", "lead_created");
        assertThat(activities.get(0).get("actor").asText()).isEqualTo("api");
    }

    @Test
    void patchChangesFieldsAndNullClearsThem() {
        String id = create(Map.of("phone", "+15550100200", "firstName", "Asha", "source", "ads")).get("id").asText();
        Map<String, Object> changes = new HashMap<>();
        changes.put("firstName", "Asha R.");
        changes.put("source", null);
        changes.put("score", 70);

        Api.Response patched = api.as(acme, "PATCH", "/api/crm/leads/" + id, changes);

        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.data().get("firstName").asText()).isEqualTo("Asha R.");
        assertThat(patched.data().get("source").isNull()).isTrue();
        assertThat(patched.data().get("score").asInt()).isEqualTo(70);
    }

    @Test
    void notesAreAddedAndListed() {
        String id = create(Map.of("email", "notes@example.com")).get("id").asText();

        Api.Response note = api.as(acme, "POST", "/api/crm/leads/" + id + "/notes", Map.of("body", "Called; call back Friday", "author", "sam"));
        Api.Response notes = api.as(acme, "GET", "/api/crm/leads/" + id + "/notes", null);

        assertThat(note.status()).isEqualTo(201);
        assertThat(notes.data()).hasSize(1);
        assertThat(notes.data().get(0).get("body").asText()).isEqualTo("Called; call back Friday");
    }

    @Test
    void deletedLeadsAreGone() {
        String id = create(Map.of("phone", "+15550100300")).get("id").asText();

        Api.Response deleted = api.as(acme, "DELETE", "/api/crm/leads/" + id, null);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(api.as(acme, "GET", "/api/crm/leads/" + id, null).status()).isEqualTo(404);
        assertThat(api.as(acme, "GET", "/api/crm/leads/" + id + "/notes", null).errorCode()).isEqualTo("LEAD_NOT_FOUND");
        assertThat(create(Map.of("phone", "+15550100300")).get("id").asText()).isNotEqualTo(id);
    }

    @Test
    void badInputIsA4xxInTheEnvelopeNamingTheField() {
        create(Map.of("phone", "+15550100400"));

        Api.Response noContact = api.as(acme, "POST", "/api/crm/leads", Map.of("firstName", "X"));
        Api.Response badPhone = api.as(acme, "POST", "/api/crm/leads", Map.of("phone", "0098765"));
        Api.Response duplicate = api.as(acme, "POST", "/api/crm/leads", Map.of("phone", "+1 555 010 0400"));
        Api.Response wrongType = api.as(acme, "POST", "/api/crm/leads", Map.of("phone", "+15550100401", "score", "high"));
        Api.Response badLimit = api.as(acme, "GET", "/api/crm/leads?limit=1000", null);
        Api.Response badPage = api.as(acme, "GET", "/api/crm/leads?page=abc", null);
        Api.Response unknownStage = api.as(acme, "POST", "/api/crm/leads", Map.of("phone", "+15550100402", "stageName", "Nope"));
        Api.Response unknownField = api.as(acme, "POST", "/api/crm/leads", Map.of("phone", "+15550100403", "nickname", "Ash"));

        assertThat(noContact.status()).isEqualTo(400);
        assertThat(noContact.body().path("error").path("message").asText()).startsWith("phone: ");
        assertThat(badPhone.body().path("error").path("message").asText()).startsWith("phone: must be an E.164 number");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.errorCode()).isEqualTo("CONFLICT");
        assertThat(duplicate.body().path("error").path("details").path("leadId").asText()).hasSize(24);
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.body().path("error").path("message").asText()).isEqualTo("score: must be a whole number");
        assertThat(unknownField.body().path("error").path("message").asText()).isEqualTo("nickname: unknown field");
        assertThat(badLimit.body().path("error").path("message").asText()).startsWith("limit: ");
        assertThat(badPage.status()).isEqualTo(400);
        assertThat(unknownStage.body().path("error").path("message").asText()).startsWith("stageName: no stage named 'Nope'");
        for (Api.Response response : List.of(noContact, badPhone, duplicate, wrongType, badLimit, badPage, unknownStage, unknownField)) {
            assertThat(response.body().get("success").asBoolean()).isFalse();
        }
    }

    @Test
    void idsThatAreNotIdsAreNotFoundNotServerErrors() {
        for (String path : List.of("/api/crm/leads/xyz", "/api/crm/leads/%24where", "/api/crm/leads/000000000000000000000000/notes",
                "/api/crm/leads/not-an-id/activities")) {
            Api.Response response = api.as(acme, "GET", path, null);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.errorCode()).as(path).isEqualTo("LEAD_NOT_FOUND");
        }
        assertThat(api.as(acme, "POST", "/api/crm/leads/xyz/move", Map.of("stageName", "Won")).status()).isEqualTo(404);
        assertThat(api.as(acme, "PATCH", "/api/crm/leads/xyz", Map.of("firstName", "A")).status()).isEqualTo(404);
        assertThat(api.as(acme, "DELETE", "/api/crm/leads/xyz", null).status()).isEqualTo(404);
    }

    @Test
    void leadRoutesNeedTheTenantsKey() {
        Api.Response anonymous = api.send("GET", "/api/crm/leads", null, Map.of());

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.errorCode()).isEqualTo("UNAUTHORIZED");
    }
}
