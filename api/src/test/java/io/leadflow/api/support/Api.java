package io.leadflow.api.support;

import io.leadflow.shared.security.AdminTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for API tests: real requests to the running app, JSON in and out, with helpers to
 * provision tenants through the admin API.
 */
public final class Api {

    public static final String TEST_JWT_SECRET = "dev-only-core-jwt-secret-change-me-0123456789";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String base;
    private final String adminToken = new AdminTokens(TEST_JWT_SECRET).issue("test-admin", Duration.ofHours(1));

    public Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** A response: status, headers and the parsed JSON body (null when the body is not JSON). */
    public record Response(int status, JsonNode body, HttpResponse<String> raw) {
        public JsonNode data() {
            return body.get("data");
        }

        public String errorCode() {
            return body.path("error").path("code").asText(null);
        }
    }

    /** A tenant's credentials as returned by provisioning; {@code apiKey} is the secret key. */
    public record Tenant(String clientCode, String apiKey, String webhookSecret, String publishableKey) {
        public Tenant(String clientCode, String apiKey, String webhookSecret) {
            this(clientCode, apiKey, webhookSecret, null);
        }

        /** The secret key's headers. */
        public Map<String, String> headers() {
            return Map.of("x-client-code", clientCode, "x-api-key", apiKey);
        }

        /** The publishable key's headers. */
        public Map<String, String> publishableHeaders() {
            return Map.of("x-client-code", clientCode, "x-api-key", publishableKey);
        }
    }

    public Tenant createTenant(String clientCode) {
        return createTenant(clientCode, true);
    }

    /** The raw answer of provisioning a sandbox tenant. */
    public Response createTenantResponse(String clientCode) {
        return admin("POST", "/api/clients", Map.of("clientCode", clientCode, "name", "Tenant " + clientCode, "sandbox", true));
    }

    public Tenant createTenant(String clientCode, boolean sandbox) {
        Response created = admin("POST", "/api/clients",
                Map.of("clientCode", clientCode, "name", "Tenant " + clientCode, "sandbox", sandbox));
        if (created.status() != 201) {
            throw new IllegalStateException("tenant creation failed: " + created.raw().body());
        }
        return new Tenant(clientCode, created.data().get("secretKey").asText(), created.data().get("webhookSecret").asText(),
                created.data().get("publishableKey").asText());
    }

    /** Lets the tenant's trigger callbacks go to the origin of {@code url} (the admin's callback allowlist). */
    public void allowCallbacksTo(Tenant tenant, String url) {
        java.net.URI uri = URI.create(url);
        String origin = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        Response response = admin("PUT", "/api/clients/" + tenant.clientCode() + "/callback-origins",
                Map.of("origins", java.util.List.of(origin)));
        if (response.status() != 200) {
            throw new IllegalStateException("callback origins refused: " + response.raw().body());
        }
    }

    /** A request as the tenant's publishable key. */
    public Response asPublishable(Tenant tenant, String method, String path, Object body) {
        return send(method, path, body, tenant.publishableHeaders());
    }

    public Response admin(String method, String path, Object body) {
        return send(method, path, body, Map.of("Authorization", "Bearer " + adminToken));
    }

    public Response as(Tenant tenant, String method, String path, Object body) {
        return send(method, path, body, tenant.headers());
    }

    public Response send(String method, String path, Object body, Map<String, String> headers) {
        String payload = body == null ? null : body instanceof String s ? s : json.writeValueAsString(body);
        return sendRaw(method, path, payload, headers);
    }

    public Response sendRaw(String method, String path, String payload, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (payload != null) {
            all.putIfAbsent("content-type", "application/json");
        }
        all.forEach(request::header);
        request.method(method, payload == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(payload));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = null;
            try {
                parsed = response.body().isEmpty() ? null : json.readTree(response.body());
            } catch (RuntimeException notJson) {
                parsed = null;
            }
            return new Response(response.statusCode(), parsed, response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
