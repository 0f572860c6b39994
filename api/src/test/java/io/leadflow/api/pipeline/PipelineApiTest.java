package io.leadflow.api.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Pipelines through the API: ordered stages, renames that keep leads in place, and what cannot be deleted. */
@ApiIntegrationTest
class PipelineApiTest {

    @LocalServerPort
    int port;

    Api api;
    Api.Tenant acme;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        acme = api.createTenant("pipe-" + System.nanoTime() % 1_000_000);
    }

    private static String message(Api.Response response) {
        return response.body().path("error").path("message").asText();
    }

    @Test
    void aNewTenantHasTheDefaultSalesPipeline() {
        JsonNode pipelines = api.as(acme, "GET", "/api/crm/pipelines", null).data();

        assertThat(pipelines).hasSize(1);
        assertThat(pipelines.get(0).get("name").asText()).isEqualTo("Sales");
        assertThat(pipelines.get(0).get("isDefault").asBoolean()).isTrue();
        assertThat(pipelines.get(0).get("stages").findValuesAsString("name"))
                .containsExactly("New", "Contacted", "Qualified", "Proposal", "Won", "Lost");
    }

    @Test
    void pipelinesAreCreatedRenamedAndDeleted() {
        Api.Response created = api.as(acme, "POST", "/api/crm/pipelines",
                Map.of("name", "Hiring", "stages", List.of("Applied", "Interview", "Offer")));
        assertThat(created.status()).isEqualTo(201);
        String id = created.data().get("id").asText();
        JsonNode applied = created.data().get("stages").get(0);

        Api.Response renamed = api.as(acme, "PATCH", "/api/crm/pipelines/" + id, Map.of("name", "Recruiting",
                "stages", List.of(Map.of("id", applied.get("id").asText(), "name", "Screening"), Map.of("name", "Hired"))));

        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.data().get("name").asText()).isEqualTo("Recruiting");
        assertThat(renamed.data().get("stages").findValuesAsString("name")).containsExactly("Screening", "Hired");
        assertThat(renamed.data().get("stages").get(0).get("id").asText()).isEqualTo(applied.get("id").asText());
        assertThat(api.as(acme, "GET", "/api/crm/pipelines/" + id, null).data()).isEqualTo(renamed.data());

        assertThat(api.as(acme, "DELETE", "/api/crm/pipelines/" + id, null).status()).isEqualTo(200);
        assertThat(api.as(acme, "GET", "/api/crm/pipelines/" + id, null).status()).isEqualTo(404);
    }

    @Test
    void theDefaultPipelineAndOnesWithLeadsCannotBeDeleted() {
        String sales = api.as(acme, "GET", "/api/crm/pipelines", null).data().get(0).get("id").asText();
        String hiring = api.as(acme, "POST", "/api/crm/pipelines", Map.of("name", "Hiring", "stages", List.of("Applied")))
                .data().get("id").asText();
        assertThat(api.as(acme, "POST", "/api/crm/leads", Map.of("phone", "+15550200000", "pipelineId", hiring)).status())
                .isEqualTo(201);

        Api.Response deleteDefault = api.as(acme, "DELETE", "/api/crm/pipelines/" + sales, null);
        Api.Response deleteWithLeads = api.as(acme, "DELETE", "/api/crm/pipelines/" + hiring, null);
        Api.Response removeOccupiedStage = api.as(acme, "PATCH", "/api/crm/pipelines/" + hiring,
                Map.of("stages", List.of(Map.of("name", "Fresh start"))));

        assertThat(deleteDefault.status()).isEqualTo(409);
        assertThat(message(deleteDefault)).contains("default pipeline");
        assertThat(deleteWithLeads.status()).isEqualTo(409);
        assertThat(deleteWithLeads.errorCode()).isEqualTo("CONFLICT");
        assertThat(removeOccupiedStage.status()).isEqualTo(409);
        assertThat(message(removeOccupiedStage)).contains("'Applied' still holds 1 lead");
    }

    @Test
    void badPipelinesAreRefusedNamingTheField() {
        Api.Response noStages = api.as(acme, "POST", "/api/crm/pipelines", Map.of("name", "Empty"));
        Api.Response duplicateStage = api.as(acme, "POST", "/api/crm/pipelines",
                Map.of("name", "Dup", "stages", List.of("New", "NEW")));
        Api.Response noName = api.as(acme, "POST", "/api/crm/pipelines", Map.of("stages", List.of("A")));
        Api.Response stageAsString = api.as(acme, "PATCH", "/api/crm/pipelines/" +
                api.as(acme, "GET", "/api/crm/pipelines", null).data().get(0).get("id").asText(),
                Map.of("stages", List.of("just a name")));

        assertThat(noStages.status()).isEqualTo(400);
        assertThat(message(noStages)).startsWith("stages: ");
        assertThat(message(duplicateStage)).startsWith("stages[1].name: duplicate");
        assertThat(message(noName)).isEqualTo("name: is required");
        assertThat(stageAsString.status()).isEqualTo(400);
        assertThat(message(stageAsString)).startsWith("stages[0]");
        assertThat(api.as(acme, "GET", "/api/crm/pipelines/not-an-id", null).status()).isEqualTo(404);
    }
}
