package io.leadflow.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import io.leadflow.shared.client.ClientDirectory;
import io.leadflow.shared.client.ClientSecrets;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every admin route, and the trigger and CRM routes, spelled every way that once let requests past the old filters
 * ({@code ;param}, {@code %63lients}, {@code %2e}, {@code %2F}, {@code %61pi}, {@code //}, dot segments): without the
 * right credential each one is refused by the chain (400, 401 or 403, in the envelope) and none reaches a controller.
 * Admin routes are read from Spring MVC's own handler mapping, so a new admin route is covered without editing this.
 */
@ApiIntegrationTest
@Import(HandlerSpy.class)
class RouteSpellingTest {

    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z]+)(?::([^}]*))?}");
    private static final Set<String> PUBLIC = Set.of("/api/saas/health", "/api/saas/whatsapp/webhook");

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    HandlerSpy spy;

    @Autowired
    ClientDirectory clients;

    Api api;
    Api.Tenant victim;
    Api.Tenant attacker;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        victim = api.createTenant("victim-" + System.nanoTime() % 1_000_000);
        attacker = api.createTenant("attacker-" + System.nanoTime() % 1_000_000);
    }

    /** A route as Spring MVC maps it: one method, one pattern with its variables filled in. */
    record Route(String method, String path) {
    }

    @Test
    void everyAdminRoute_inEveryOddSpelling_isRefusedByTheChain_andNeverReachesAController() throws Exception {
        List<Route> admin = routes(path -> path.startsWith("/api/clients") || path.startsWith("/api/admin"));
        assertThat(admin).as("admin routes found in the handler mapping").hasSizeGreaterThanOrEqualTo(12)
                .contains(new Route("POST", "/api/clients"), new Route("GET", "/api/clients"),
                        new Route("POST", "/api/clients/" + victim.clientCode() + "/api-key/rotate"));
        long tenantsBefore = clients.clients().size();
        ClientSecrets secretsBefore = clients.secrets(victim.clientCode()).orElseThrow();
        spy.clear();

        int tried = 0;
        for (Route route : admin) {
            for (String path : spellings(route.path(), true)) {
                for (Map<String, String> credential : List.of(Map.<String, String>of(), victim.headers(),
                        attacker.publishableHeaders(), Map.of("Authorization", "Bearer not-a-token"))) {
                    assertRefused(route.method(), path, credential, evilBody(route));
                    tried++;
                }
            }
        }
        for (String path : List.of("/api/clients\\", "/api\\clients", "/api/clients/" + victim.clientCode() + "\\..\\")) {
            RawHttp.Answer raw = RawHttp.request(port, "GET", path, "", null);
            assertThat(raw.status()).as(path).isIn(400, 401, 403);
            tried++;
        }

        assertThat(tried).isGreaterThan(500);
        assertThat(spy.reached()).as("requests that reached a controller").isEmpty();
        assertThat(clients.clients()).as("no tenant was created").hasSize((int) tenantsBefore);
        assertThat(clients.client("evil01")).isEmpty();
        ClientSecrets secretsAfter = clients.secrets(victim.clientCode()).orElseThrow();
        assertThat(secretsAfter.apiKeyHash()).as("the secret key was not rotated").isEqualTo(secretsBefore.apiKeyHash());
        assertThat(secretsAfter.publishableKeyHash()).isEqualTo(secretsBefore.publishableKeyHash());
        assertThat(secretsAfter.webhookSecret()).isEqualTo(secretsBefore.webhookSecret());
        assertThat(api.as(victim, "GET", "/api/saas/events", null).status()).as("the victim's key still works").isEqualTo(200);

        // The spy does see requests that are let through, so its silence above means something.
        spy.clear();
        assertThat(api.admin("GET", "/api/clients", null).status()).isEqualTo(200);
        assertThat(spy.reached()).extracting(HandlerSpy.Reached::uri).containsExactly("/api/clients");
    }

    @Test
    void triggerAndCrmRoutes_inOddSpellings_needTheRightKey_andAPublishableKeyNeverReachesCrm() {
        List<Route> crm = routes(path -> path.startsWith("/api/crm") || path.startsWith("/api/saas/"));
        assertThat(crm).hasSizeGreaterThanOrEqualTo(20).contains(new Route("POST", "/api/saas/workflows/trigger"),
                new Route("POST", "/api/crm/automations/events"), new Route("GET", "/api/saas/events"));
        spy.clear();
        for (Route route : crm) {
            if (PUBLIC.contains(route.path()) || route.path().startsWith("/api/saas/unsubscribe/")) {
                continue; // public routes: their own tests show how they authenticate (a signature, a token)
            }
            boolean publishable = route.equals(new Route("POST", "/api/saas/workflows/trigger"))
                    || route.equals(new Route("POST", "/api/crm/automations/events"));
            for (String path : spellings(route.path(), false)) {
                assertRefused(route.method(), path, Map.of(), "{}");
                if (!publishable) {
                    // (on its own routes a publishable key is the right credential; %73aas is just "saas" there)
                    assertRefused(route.method(), path, attacker.publishableHeaders(), "{}");
                }
            }
            if (!publishable) {
                // The publishable key is for browsers: triggers and business events, nothing else.
                Api.Response response = api.send(route.method(), route.path(), "{}", attacker.publishableHeaders());
                assertThat(response.status()).as("publishable key on %s %s", route.method(), route.path()).isEqualTo(403);
                assertThat(response.errorCode()).isEqualTo("FORBIDDEN");
            }
        }
        assertThat(spy.reached()).as("requests that reached a controller").isEmpty();
    }

    @Test
    void actuatorOnThePublicPort_inEveryOddSpelling_neverServesMetricsOrDetails_evenToAnAdmin() {
        List<String> paths = new ArrayList<>();
        for (String path : List.of("/actuator/prometheus", "/actuator/health", "/actuator/env", "/actuator/metrics",
                "/actuator/health/temporal")) {
            paths.addAll(List.of(path, path + ";x=1", "/actuator;x" + path.substring("/actuator".length()),
                    "/%61ctuator" + path.substring("/actuator".length()), "/" + path, path.replace("/actuator/", "/actuator//"),
                    "/ACTUATOR" + path.substring("/actuator".length()), path + "/", path + "%00",
                    "/actuator/health/liveness/../.." + path, "/actuator/health/liveness/%2e%2e/%2e%2e" + path,
                    "/actuator/health/readiness/..%2F.." + path, "/api/saas/health/../../.." + path,
                    "/actuator/health/liveness;x/../../" + path.substring("/actuator/".length())));
        }
        spy.clear();
        for (String path : paths) {
            for (Map<String, String> credential : List.of(Map.<String, String>of(), victim.headers(),
                    Map.of("Authorization", "Bearer " + new io.leadflow.shared.security.AdminTokens(Api.TEST_JWT_SECRET)
                            .issue("ops", java.time.Duration.ofMinutes(5))))) {
                assertRefused("GET", path, credential, null);
            }
        }
        assertThat(spy.reached()).as("requests that reached a controller").isEmpty();
        assertThat(api.send("GET", "/actuator/health/liveness", null, Map.of()).raw().body())
                .as("the probe itself, status only").isEqualTo("{\"status\":\"UP\"}");
    }

    private void assertRefused(String method, String path, Map<String, String> headers, String body) {
        Api.Response response = api.send(method, path, body, headers);
        assertThat(response.status()).as("%s %s with %s", method, path, headers.keySet()).isIn(400, 401, 403);
        assertThat(response.body()).as("envelope of %s %s", method, path).isNotNull();
        assertThat(response.body().path("success").asBoolean(true)).isFalse();
        assertThat(response.errorCode()).as("code of %s %s", method, path).isIn("REQUEST_REJECTED", "UNAUTHORIZED", "FORBIDDEN");
    }

    /** The routes of the handler mapping whose pattern passes {@code filter}, variables filled with sample values. */
    private List<Route> routes(java.util.function.Predicate<String> filter) {
        Set<Route> routes = new LinkedHashSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (!filter.test(pattern)) {
                    continue;
                }
                String path = fill(pattern);
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET, RequestMethod.POST) : methods) {
                    routes.add(new Route(method.name(), path));
                }
            }
        }
        return new ArrayList<>(routes);
    }

    private String fill(String pattern) {
        Matcher matcher = VARIABLE.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = switch (matcher.group(1)) {
                case "clientCode" -> victim.clientCode();
                case "provider" -> "smtp";
                default -> matcher.group(2) != null ? matcher.group(2).split("\\|")[0] : "x1";
            };
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /**
     * The canonical path (without credentials it must be refused too) and the spellings that routing would take for
     * it while a raw-URI check would not: matrix parameters, percent-encoded letters, encoded slashes and dots,
     * doubled slashes and dot segments, in the first segments and in the last.
     */
    static List<String> spellings(String path, boolean admin) {
        String rest = path.substring("/api".length()); // "/clients/...", "/saas/...", "/crm/..."
        String second = rest.substring(1, rest.indexOf('/', 1) < 0 ? rest.length() : rest.indexOf('/', 1));
        String encodedFirstLetter = "%" + Integer.toHexString(second.charAt(0)) + second.substring(1);
        List<String> out = new ArrayList<>(List.of(
                path,
                path + ";x=1",
                "/api;x" + rest,
                "/api/" + second + ";jsessionid=1" + rest.substring(1 + second.length()),
                "/api/" + encodedFirstLetter + rest.substring(1 + second.length()),
                "/%61pi" + rest,
                "/%61%70%69" + rest,
                "/" + path,
                "/api/" + rest,
                path.replaceFirst("/([^/]+)$", "//$1"),
                "/api/saas/.." + rest,
                "/api/crm/../.." + path,
                "/api/." + rest,
                "/api/%2e" + rest,
                "/api/saas/%2e%2e" + rest,
                "/api/saas/%2E%2E" + rest,
                "/api%2F" + rest.substring(1),
                "/api%2f" + rest.substring(1),
                "/api/" + second + "%2F" + rest.substring(1 + second.length()).replaceFirst("^/", ""),
                "/api/%252e" + rest,
                "/API" + rest,
                path + "/",
                path + "/.",
                path + "%00"));
        if (admin) {
            out.add("/api/saas/workflows/../../clients" + rest.substring("/clients".length()));
        }
        return out;
    }

    private static String evilBody(Route route) {
        if (route.equals(new Route("POST", "/api/clients"))) {
            return "{\"clientCode\":\"evil01\",\"name\":\"Evil\"}";
        }
        return switch (route.method()) {
            case "PUT" -> route.path().endsWith("-origins") ? "{\"origins\":[\"https://evil.example\"]}" : "{\"a\":\"b\"}";
            case "PATCH" -> "{\"status\":\"suspended\"}";
            default -> "{}";
        };
    }

    @SuppressWarnings("unused")
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
