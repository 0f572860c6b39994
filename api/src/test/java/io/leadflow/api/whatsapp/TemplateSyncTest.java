package io.leadflow.api.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import io.leadflow.api.support.Meta;
import io.leadflow.shared.outbox.OutboxMessage;
import io.leadflow.shared.tenant.Tenants;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Template sync against a local stand-in for the Graph API (two pages of {@code /{wabaId}/message_templates}), the
 * saved variable mapping, and rules refused when a synced template's parameter count doesn't match.
 */
@ApiIntegrationTest
class TemplateSyncTest {

    static final MockWebServer GRAPH = new MockWebServer();
    static final String PAGE_ONE = """
            {"data":[
              {"name":"appointment_reminder","language":"en_US","status":"APPROVED","category":"UTILITY","id":"t-1",
               "components":[{"type":"HEADER","format":"TEXT","text":"Hello {{1}}"},
                             {"type":"BODY","text":"Hi {{1}}, your {{2}} is booked. Reply {{1}} to confirm."},
                             {"type":"FOOTER","text":"Acme"}]},
              {"name":"promo","language":"en","status":"APPROVED","category":"MARKETING","id":"t-2",
               "components":[{"type":"BODY","text":"Big sale this week"}]}],
             "paging":{"cursors":{"before":"b0","after":"c1"},"next":"https://graph.facebook.com/next-page"}}""";
    static final String PAGE_TWO = """
            {"data":[
              {"name":"appointment_reminder","language":"pt_BR","status":"PENDING","category":"UTILITY","id":"t-3",
               "components":[{"type":"BODY","text":"Olá {{1}}, seu {{2}} está marcado"}]}],
             "paging":{"cursors":{"before":"c1","after":"c2"}}}""";

    static {
        GRAPH.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (!"Bearer EAAG-test".equals(request.getHeader("Authorization"))) {
                    return new MockResponse().setResponseCode(401).setBody("{\"error\":{\"message\":\"Invalid OAuth access token\",\"code\":190}}");
                }
                if (request.getPath().contains("waba-refused")) {
                    return new MockResponse().setResponseCode(400).setBody("{\"error\":{\"message\":\"Unsupported get request\"}}");
                }
                String body = request.getRequestUrl().queryParameter("after") == null ? PAGE_ONE : PAGE_TWO;
                return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
            }
        });
        try {
            GRAPH.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void graphApi(DynamicPropertyRegistry registry) {
        registry.add("leadflow.channels.whatsapp-base-url", () -> GRAPH.url("/").toString());
    }

    @AfterAll
    static void stopGraph() throws IOException {
        GRAPH.shutdown();
    }

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    Api api;
    Api.Tenant acme;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        acme = api.createTenant("tpl-" + System.nanoTime() % 1_000_000);
        Meta.register(api, acme, Meta.newNumber());
    }

    private Api.Response saveRule(Map<String, Object> params) {
        return api.as(acme, "POST", "/api/crm/automations", Map.of("name", "Reminder", "trigger", "booked",
                "steps", List.of(Map.of("action", Map.of("type", "send_whatsapp", "params", params)))));
    }

    private String templateId(String name, String language) {
        for (JsonNode template : api.as(acme, "GET", "/api/saas/whatsapp/templates", null).data()) {
            if (template.get("name").asText().equals(name) && template.get("language").asText().equals(language)) {
                return template.get("id").asText();
            }
        }
        throw new AssertionError("no template " + name + " " + language);
    }

    @Test
    void sync_readsEveryPageOfTheTenantsTemplates_withTheirParameterCounts() throws Exception {
        Api.Response synced = api.as(acme, "POST", "/api/saas/whatsapp/templates/sync", null);

        assertThat(synced.status()).as(synced.raw().body()).isEqualTo(200);
        assertThat(synced.data().get("synced").asInt()).isEqualTo(3);
        JsonNode listed = api.as(acme, "GET", "/api/saas/whatsapp/templates", null).data();
        assertThat(listed).hasSize(3);
        JsonNode reminder = listed.get(0);
        assertThat(reminder.get("name").asText()).isEqualTo("appointment_reminder");
        assertThat(reminder.get("language").asText()).isEqualTo("en_US");
        assertThat(reminder.get("status").asText()).isEqualTo("APPROVED");
        assertThat(reminder.get("category").asText()).isEqualTo("UTILITY");
        assertThat(reminder.get("parameterCount").asInt()).as("{{1}} twice is one parameter").isEqualTo(2);
        assertThat(reminder.get("headerParameterCount").asInt()).isEqualTo(1);
        assertThat(reminder.get("components")).hasSize(3);
        List<RecordedRequest> ours = new java.util.ArrayList<>();
        RecordedRequest request;
        while ((request = GRAPH.takeRequest(100, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
            if (request.getRequestUrl().encodedPath().endsWith("/v21.0/waba-" + numberOf(acme) + "/message_templates")) {
                ours.add(request);
            }
        }
        assertThat(ours).as("two pages, the second after Meta's cursor").hasSize(2);
        assertThat(ours.get(0).getRequestUrl().queryParameter("fields")).contains("components");
        assertThat(ours.get(0).getRequestUrl().queryParameter("after")).isNull();
        assertThat(ours.get(1).getRequestUrl().queryParameter("after")).isEqualTo("c1");
    }

    @Test
    void aRuleWithTheWrongNumberOfVariables_isRefusedWithTheFieldPath_untilAMappingFillsThem() {
        api.as(acme, "POST", "/api/saas/whatsapp/templates/sync", null);

        Api.Response tooFew = saveRule(Map.of("templateName", "appointment_reminder", "language", "en_US",
                "variables", List.of("{{lead.firstName}}"), "headerVariables", List.of("{{lead.firstName}}")));
        assertThat(tooFew.status()).isEqualTo(400);
        assertThat(tooFew.body().path("error").path("message").asText()).isEqualTo("steps[0].action.params.variables:"
                + " template 'appointment_reminder' (en_US) takes 2 body parameters; 1 given");
        Api.Response header = saveRule(Map.of("templateName", "appointment_reminder", "language", "en_US",
                "variables", List.of("{{lead.firstName}}", "{{event.service}}"),
                "headerVariables", List.of("{{lead.firstName}}", "x")));
        assertThat(header.body().path("error").path("message").asText()).startsWith("steps[0].action.params.headerVariables:");
        Api.Response language = saveRule(Map.of("templateName", "appointment_reminder", "language", "fr"));
        assertThat(language.body().path("error").path("message").asText()).startsWith("steps[0].action.params.language:"
                + " template 'appointment_reminder' is synced in en_US, pt_BR, not in fr");
        Api.Response omitted = saveRule(Map.of("templateName", "appointment_reminder", "language", "en_US"));
        assertThat(omitted.status()).isEqualTo(400);
        assertThat(omitted.body().path("error").path("message").asText()).contains("save a variable mapping");
        assertThat(saveRule(Map.of("templateName", "not_synced_yet")).status()).as("unknown templates are not checked")
                .isEqualTo(201);
        assertThat(saveRule(Map.of("templateName", "promo", "language", "en")).status()).isEqualTo(201);

        String id = templateId("appointment_reminder", "en_US");
        Api.Response wrongMapping = api.as(acme, "PUT", "/api/saas/whatsapp/templates/" + id + "/mapping",
                Map.of("body", List.of("lead.firstName"), "header", List.of("lead.firstName")));
        assertThat(wrongMapping.status()).isEqualTo(400);
        assertThat(wrongMapping.body().path("error").path("message").asText()).startsWith("body: template");
        Api.Response badPath = api.as(acme, "PUT", "/api/saas/whatsapp/templates/" + id + "/mapping",
                Map.of("body", List.of("{{lead.firstName}}", "{{secret.key}}"), "header", List.of("lead.firstName")));
        assertThat(badPath.status()).isEqualTo(400);
        Api.Response mapped = api.as(acme, "PUT", "/api/saas/whatsapp/templates/" + id + "/mapping",
                Map.of("body", List.of("lead.firstName", "{{event.service}}"), "header", List.of("{{lead.firstName}}")));
        assertThat(mapped.status()).isEqualTo(200);
        assertThat(mapped.data().path("mapping").path("body").get(0).asText()).isEqualTo("{{lead.firstName}}");

        Api.Response relying = saveRule(Map.of("templateName", "appointment_reminder", "language", "en_US"));
        assertThat(relying.status()).as(relying.raw().body()).isEqualTo(201);
        String leadId = api.as(acme, "POST", "/api/saas/workflows/trigger", Map.of("trigger", "booked",
                "phone", "+919833300001", "firstName", "Asha", "createLeadIfMissing", true,
                "variables", Map.of("service", "Dental cleaning"))).data().get("leadId").asText();
        OutboxMessage sent = await().atMost(Duration.ofSeconds(30)).until(() -> tenants.scope(acme.clientCode()).data()
                .find(Query.query(Criteria.where("leadId").is(leadId).and("templateName").is("appointment_reminder")),
                        OutboxMessage.class), rows -> !rows.isEmpty()).get(0);
        assertThat(sent.bodyVariables()).containsExactly("Asha", "Dental cleaning");
        assertThat(sent.headerVariables()).containsExactly("Asha");

        api.as(acme, "POST", "/api/saas/whatsapp/templates/sync", null);
        assertThat(api.as(acme, "GET", "/api/saas/whatsapp/templates/" + id, null).data().path("mapping").path("body"))
                .as("a new sync keeps the mapping").hasSize(2);
    }

    @Test
    void syncFailures_areAnsweredWithAStableCode() {
        Api.Tenant unconfigured = api.createTenant("tpl-none-" + System.nanoTime() % 1_000_000);
        Api.Response none = api.as(unconfigured, "POST", "/api/saas/whatsapp/templates/sync", null);
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.errorCode()).isEqualTo("PROVIDER_NOT_CONFIGURED");

        Api.Tenant refused = api.createTenant("tpl-ref-" + System.nanoTime() % 1_000_000);
        api.admin("PUT", "/api/clients/" + refused.clientCode() + "/secrets/whatsapp", Map.of("phoneNumberId",
                "9" + System.nanoTime() % 1_000_000_000L, "accessToken", "EAAG-test", "wabaId", "waba-refused"));
        Api.Response metaSaysNo = api.as(refused, "POST", "/api/saas/whatsapp/templates/sync", null);
        assertThat(metaSaysNo.status()).isEqualTo(502);
        assertThat(metaSaysNo.errorCode()).isEqualTo("PROVIDER_PERMANENT");
        assertThat(metaSaysNo.body().path("error").path("message").asText()).contains("Unsupported get request");
    }

    @Test
    void anotherTenant_cannotSeeOrChangeTheTemplates() {
        api.as(acme, "POST", "/api/saas/whatsapp/templates/sync", null);
        String id = templateId("promo", "en");
        Api.Tenant other = api.createTenant("tpl-other-" + System.nanoTime() % 1_000_000);

        assertThat(api.as(other, "GET", "/api/saas/whatsapp/templates", null).data()).isEmpty();
        Api.Response get = api.as(other, "GET", "/api/saas/whatsapp/templates/" + id, null);
        assertThat(get.status()).isEqualTo(404);
        assertThat(get.errorCode()).isEqualTo("TEMPLATE_NOT_FOUND");
        assertThat(api.as(other, "PUT", "/api/saas/whatsapp/templates/" + id + "/mapping", Map.of("body", List.of()))
                .status()).isEqualTo(404);
        assertThat(api.as(acme, "GET", "/api/saas/whatsapp/templates/" + id, null).data().path("mapping").isNull()).isTrue();
    }

    private String numberOf(Api.Tenant tenant) {
        return api.admin("GET", "/api/clients/" + tenant.clientCode(), null).data().get("whatsappNumbers").get(0).asText();
    }
}
