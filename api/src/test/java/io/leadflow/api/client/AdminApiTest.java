package io.leadflow.api.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import io.leadflow.shared.client.ClientDirectory;
import io.leadflow.shared.client.ClientSecrets;
import io.leadflow.shared.security.AdminTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@ApiIntegrationTest
class AdminApiTest {

    @LocalServerPort
    int port;

    @Autowired
    ClientDirectory clients;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void adminRoutes_requireAnAdminBearerToken() {
        Map<String, Object> body = Map.of("clientCode", "nope", "name", "Nope");
        assertThat(api.send("POST", "/api/clients", body, Map.of()).status()).isEqualTo(401);
        assertThat(api.send("POST", "/api/clients", body, Map.of("Authorization", "Bearer not-a-jwt")).status()).isEqualTo(401);
        String wrongSecret = new AdminTokens("another-secret-that-is-long-enough-0123456789").issue("x", Duration.ofMinutes(5));
        Api.Response forged = api.send("POST", "/api/clients", body, Map.of("Authorization", "Bearer " + wrongSecret));
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.errorCode()).isEqualTo("UNAUTHORIZED");
        String expired = new AdminTokens(Api.TEST_JWT_SECRET).issue("x", Duration.ofSeconds(-5));
        assertThat(api.send("GET", "/api/clients", null, Map.of("Authorization", "Bearer " + expired)).status()).isEqualTo(401);
    }

    @Test
    void createdTenant_getsKeyAndSecretOnce_storedOnlyHashedOrEncrypted() {
        Api.Response created = api.admin("POST", "/api/clients", Map.of("clientCode", "initech", "name", "Initech"));
        assertThat(created.status()).isEqualTo(201);
        String apiKey = created.data().get("apiKey").asText();
        String secret = created.data().get("webhookSecret").asText();
        assertThat(apiKey).startsWith("lf_");
        assertThat(secret).startsWith("whsec_");

        ClientSecrets stored = clients.secrets("initech").orElseThrow();
        assertThat(stored.apiKeyHash()).isNotEqualTo(apiKey).hasSize(64);
        assertThat(stored.webhookSecret()).startsWith("v1:").doesNotContain(secret.substring(6));
        Api.Response view = api.admin("GET", "/api/clients/initech", null);
        assertThat(view.raw().body()).doesNotContain(apiKey).doesNotContain(secret);

        Api.Response duplicate = api.admin("POST", "/api/clients", Map.of("clientCode", "initech", "name", "Again"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.errorCode()).isEqualTo("CLIENT_EXISTS");
    }

    @Test
    void invalidClientCodes_areRejected() {
        for (String code : List.of("A", "UPPER", "-lead", "has space", "x".repeat(41))) {
            Api.Response response = api.admin("POST", "/api/clients", Map.of("clientCode", code, "name", "n"));
            assertThat(response.status()).as(code).isEqualTo(400);
            assertThat(response.errorCode()).isEqualTo("VALIDATION_FAILED");
            assertThat(response.body().path("error").path("message").asText()).contains("clientCode");
        }
    }

    @Test
    void rotatedKey_replacesTheOldOne() {
        Api.Tenant tenant = api.createTenant("rotor");
        assertThat(api.as(tenant, "GET", "/api/saas/events", null).status()).isEqualTo(200);

        Api.Response rotated = api.admin("POST", "/api/clients/rotor/api-key/rotate", null);
        Api.Tenant renewed = new Api.Tenant("rotor", rotated.data().get("apiKey").asText(), tenant.webhookSecret());

        assertThat(api.as(tenant, "GET", "/api/saas/events", null).status()).isEqualTo(401);
        assertThat(api.as(renewed, "GET", "/api/saas/events", null).status()).isEqualTo(200);
    }

    @Test
    void providerSecrets_areEncryptedAtRestAndNeverShown() {
        api.createTenant("secretive");
        Api.Response put = api.admin("PUT", "/api/clients/secretive/secrets/whatsapp",
                Map.of("phoneNumberId", "12345", "accessToken", "EAAG-very-secret"));
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.data().get("configuredProviders").toString()).contains("whatsapp");
        assertThat(put.raw().body()).doesNotContain("EAAG-very-secret");

        assertThat(clients.secrets("secretive").orElseThrow().providers().get("whatsapp")).startsWith("v1:")
                .doesNotContain("EAAG");
        assertThat(clients.providerCredentials("secretive", "whatsapp").orElseThrow()).contains("EAAG-very-secret");

        assertThat(api.admin("PUT", "/api/clients/secretive/secrets/fax", Map.of("a", "b")).status()).isEqualTo(400);
        assertThat(api.admin("PUT", "/api/clients/nobody/secrets/smtp", Map.of("a", "b")).status()).isEqualTo(404);
    }

    @Test
    void corsOrigins_canBeSetAndAreHonouredOnPreflight() {
        api.createTenant("shop");
        assertThat(api.admin("PUT", "/api/clients/shop/cors-origins",
                Map.of("origins", List.of("https://shop.example.com"))).status()).isEqualTo(200);
        assertThat(api.admin("PUT", "/api/clients/shop/cors-origins",
                Map.of("origins", List.of("javascript:alert(1)"))).status()).isEqualTo(400);
    }

    @Test
    void tenantRoutes_requireMatchingKeyAndClientCode() {
        Api.Tenant one = api.createTenant("one");
        Api.Tenant two = api.createTenant("two");
        assertThat(api.send("GET", "/api/saas/events", null, Map.of()).status()).isEqualTo(401);
        Api.Response crossed = api.send("GET", "/api/saas/events", null,
                Map.of("x-client-code", two.clientCode(), "x-api-key", one.apiKey()));
        assertThat(crossed.status()).isEqualTo(401);
        assertThat(crossed.errorCode()).isEqualTo("UNAUTHORIZED");
        assertThat(api.send("GET", "/api/crm/leads", null, Map.of("x-client-code", "one")).status()).isEqualTo(401);
    }
}
