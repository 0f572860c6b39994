package io.leadflow.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import io.leadflow.contracts.error.ErrorCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * {@code /v3/api-docs} describes every route Spring MVC serves (read from the handler mapping, so a new route can't be
 * left out), with the credential the security chain really asks for, the envelope, every error code and examples.
 */
@ApiIntegrationTest
class OpenApiTest {

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    Api api;
    JsonNode docs;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        Api.Response response = api.send("GET", "/v3/api-docs", null, Map.of());
        assertThat(response.status()).as("public: integrators read it before they have a key").isEqualTo(200);
        docs = response.body();
    }

    /** Every Leadflow route: path as OpenAPI writes it ({name}, without a regex) and method. */
    private List<String[]> routes() {
        List<String[]> routes = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> handler : handlers.getHandlerMethods().entrySet()) {
            if (!handler.getValue().getBeanType().getName().startsWith("io.leadflow")) {
                continue;
            }
            for (String pattern : handler.getKey().getPatternValues()) {
                if (pattern.equals("/error")) {
                    continue;
                }
                for (RequestMethod method : handler.getKey().getMethodsCondition().getMethods()) {
                    for (String path : expand(pattern)) {
                        routes.add(new String[] {path, method.name().toLowerCase(Locale.ROOT)});
                    }
                }
            }
        }
        return routes;
    }

    /**
     * The paths a pattern stands for in the description: {@code {name:regex}} is written {@code {name}}, but a
     * variable that only picks between fixed words under {@code /actuator} (the probes) is one path per word.
     */
    private static List<String> expand(String pattern) {
        java.util.regex.Matcher choice = java.util.regex.Pattern.compile("\\{(\\w+):([a-z|-]+)}").matcher(pattern);
        if (pattern.startsWith("/actuator/") && choice.find()) {
            return Arrays.stream(choice.group(2).split("\\|"))
                    .map(word -> pattern.substring(0, choice.start()) + word + pattern.substring(choice.end())).toList();
        }
        return List.of(pattern.replaceAll("\\{(\\w+):[^}]*}", "{$1}"));
    }

    @Test
    void everyRouteIsDescribed() {
        List<String[]> routes = routes();
        assertThat(routes).hasSizeGreaterThan(45);
        for (String[] route : routes) {
            assertThat(docs.path("paths").path(route[0]).has(route[1])).as(route[1] + " " + route[0]).isTrue();
        }
    }

    @Test
    void theCredentialEachRouteNeeds_isTheOneTheChainAsksFor() {
        docs.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            String url = path.getKey().replaceAll("\\{\\w+}", "x");
            String method = operation.getKey().toUpperCase(Locale.ROOT);
            boolean documentedPublic = operation.getValue().path("security").isEmpty();
            Api.Response anonymous = api.send(method, url, method.equals("GET") || method.equals("DELETE") ? null : "{}",
                    Map.of());
            assertThat(anonymous.status() == 401).as(method + " " + url + " is " + anonymous.status())
                    .isEqualTo(!documentedPublic);
        }));
    }

    @Test
    void bothKindsOfTenantKey_theAdminToken_theEnvelopeAndEveryErrorCode_areDescribed() {
        JsonNode schemes = docs.path("components").path("securitySchemes");
        assertThat(schemes.path("secretKey").path("name").asText()).isEqualTo("x-api-key");
        assertThat(schemes.path("publishableKey").path("name").asText()).isEqualTo("x-api-key");
        assertThat(schemes.path("clientCode").path("name").asText()).isEqualTo("x-client-code");
        assertThat(schemes.path("adminToken").path("scheme").asText()).isEqualTo("bearer");

        JsonNode trigger = docs.path("paths").path("/api/saas/workflows/trigger").path("post");
        assertThat(trigger.path("security")).hasSize(2);
        assertThat(trigger.path("security").toString()).contains("publishableKey").contains("secretKey");
        assertThat(docs.path("paths").path("/api/crm/leads").path("get").path("security").toString())
                .contains("secretKey").doesNotContain("publishableKey");
        assertThat(docs.path("paths").path("/api/clients").path("post").path("security").toString())
                .contains("adminToken");
        assertThat(trigger.path("requestBody").toString()).as("an example body").contains("appointment_confirmed");
        assertThat(trigger.path("responses").path("202").toString()).contains("processing");

        List<String> codes = new ArrayList<>();
        docs.path("components").path("schemas").path("ErrorCode").path("enum").forEach(code -> codes.add(code.asText()));
        assertThat(codes).containsExactlyInAnyOrderElementsOf(Arrays.stream(ErrorCode.values()).map(Enum::name).toList());
        JsonNode error = docs.path("components").path("schemas").path("Error");
        assertThat(error.path("properties").path("error").path("properties").has("code")).isTrue();

        JsonNode sequence = docs.path("paths").path("/api/crm/sequences/{workflowId}").path("get").path("responses");
        for (String status : List.of("400", "401", "403", "404", "429")) {
            assertThat(sequence.path(status).path("content").path("application/json").path("example")
                    .path("success").asBoolean(true)).as(status).isFalse();
        }
        assertThat(sequence.path("429").path("headers").has("Retry-After")).isTrue();
    }

    @Test
    void swaggerUiIsServed() {
        Api.Response page = api.send("GET", "/swagger-ui/index.html", null, Map.of());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw().body()).contains("swagger-ui");
        assertThat(api.send("GET", "/swagger-ui.html", null, Map.of()).status()).isIn(200, 302);
    }
}
