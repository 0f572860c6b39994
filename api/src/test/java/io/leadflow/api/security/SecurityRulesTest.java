package io.leadflow.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.JWTClaimsSet;
import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import io.leadflow.shared.client.ClientDirectory;
import io.leadflow.shared.security.AdminTokens;
import io.leadflow.shared.security.ApiKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.query.Update;

/** Who may do what: admin token rules, the two kinds of tenant key, their rotation, and browser (CORS) access. */
@ApiIntegrationTest
class SecurityRulesTest {

    @LocalServerPort
    int port;

    @Autowired
    ClientDirectory clients;

    Api api;
    Api.Tenant tenant;
    final AdminTokens signer = new AdminTokens(Api.TEST_JWT_SECRET);

    @BeforeEach
    void setUp() {
        api = new Api(port);
        tenant = api.createTenant("sec-" + System.nanoTime() % 1_000_000);
    }

    private Api.Response asAdmin(String token) {
        return api.send("GET", "/api/clients", null, Map.of("Authorization", "Bearer " + token));
    }

    @Test
    void adminTokenWithoutExpiry_isRefused() {
        String noExp = signer.sign(new JWTClaimsSet.Builder().subject("ops").claim("role", "admin")
                .issueTime(new Date()).build());
        Api.Response response = asAdmin(noExp);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.errorCode()).isEqualTo("UNAUTHORIZED");
        assertThat(response.body().path("error").path("message").asText()).contains("no expiry");
    }

    @Test
    void adminTokenLivingLongerThanTheMaximum_isRefused_evenWithoutIssueTime() {
        assertThat(asAdmin(signer.issue("ops", Duration.ofHours(13))).status()).isEqualTo(401);
        String noIat = signer.sign(new JWTClaimsSet.Builder().subject("ops").claim("role", "admin")
                .expirationTime(Date.from(Instant.now().plus(Duration.ofDays(30)))).build());
        Api.Response response = asAdmin(noIat);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body().path("error").path("message").asText()).contains("lives longer");
        String futureIat = signer.sign(new JWTClaimsSet.Builder().subject("ops").claim("role", "admin")
                .issueTime(Date.from(Instant.now().plus(Duration.ofDays(365))))
                .expirationTime(Date.from(Instant.now().plus(Duration.ofDays(365)).plus(Duration.ofHours(1)))).build());
        assertThat(asAdmin(futureIat).status()).isEqualTo(401);
        assertThat(asAdmin(signer.issue("ops", Duration.ofHours(11))).status()).isEqualTo(200);
        String notAdmin = signer.sign(new JWTClaimsSet.Builder().subject("ops").claim("role", "tenant")
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
        assertThat(asAdmin(notAdmin).status()).isEqualTo(401);
    }

    @Test
    void provisioning_returnsBothKeysOnce_andStoresThemOnlyHashed() {
        Api.Response created = api.admin("POST", "/api/clients", Map.of("clientCode", "keys-" + System.nanoTime() % 100000,
                "name", "Keys"));
        String secret = created.data().get("secretKey").asText();
        String publishable = created.data().get("publishableKey").asText();
        assertThat(secret).startsWith("lf_sk_");
        assertThat(publishable).startsWith("lf_pk_");
        assertThat(created.data().get("apiKey").asText()).as("the historic name of the secret key").isEqualTo(secret);
        String code = created.data().get("clientCode").asText();
        var stored = clients.secrets(code).orElseThrow();
        assertThat(stored.apiKeyHash()).isEqualTo(ApiKeys.hash(secret));
        assertThat(stored.publishableKeyHash()).isEqualTo(ApiKeys.hash(publishable));
        Api.Response view = api.admin("GET", "/api/clients/" + code, null);
        assertThat(view.raw().body()).doesNotContain(secret).doesNotContain(publishable);
        assertThat(view.data().get("publishableKeyPrefix").asText()).startsWith("lf_pk_");
    }

    @Test
    void publishableKey_firesTriggersAndBusinessEvents_andNothingElse() {
        Map<String, Object> trigger = Map.of("trigger", "form_submitted", "phone", "+919800001111", "createLeadIfMissing", true);
        Api.Response fired = api.asPublishable(tenant, "POST", "/api/saas/workflows/trigger", trigger);
        assertThat(fired.status()).isIn(200, 202);
        String leadId = fired.data().get("leadId").asText();
        Api.Response event = api.asPublishable(tenant, "POST", "/api/crm/automations/events",
                Map.of("trigger", "order_paid", "leadId", leadId));
        assertThat(event.status()).isEqualTo(202);

        for (String[] route : List.of(new String[] {"GET", "/api/crm/leads"}, new String[] {"GET", "/api/crm/leads/" + leadId},
                new String[] {"POST", "/api/crm/leads"}, new String[] {"GET", "/api/crm/automations"},
                new String[] {"POST", "/api/crm/automations"}, new String[] {"GET", "/api/crm/pipelines"},
                new String[] {"GET", "/api/crm/sequences"}, new String[] {"GET", "/api/saas/events"},
                new String[] {"GET", "/api/saas/events/" + fired.data().get("eventLogId").asText()},
                new String[] {"POST", "/api/saas/events/x/replay"}, new String[] {"GET", "/api/saas/events/x/callbacks"},
                new String[] {"GET", "/api/saas/outbox"})) {
            Api.Response refused = api.asPublishable(tenant, route[0], route[1], route[0].equals("POST") ? Map.of() : null);
            assertThat(refused.status()).as("%s %s", route[0], route[1]).isEqualTo(403);
            assertThat(refused.errorCode()).isEqualTo("FORBIDDEN");
        }
        assertThat(api.as(tenant, "GET", "/api/crm/leads/" + leadId, null).status()).as("the secret key may").isEqualTo(200);
    }

    @Test
    void eachKindRotatesOnItsOwn_andTheHistoricRouteRotatesTheSecretKey() {
        String code = tenant.clientCode();
        Api.Response pk = api.admin("POST", "/api/clients/" + code + "/publishable-key/rotate", null);
        String newPublishable = pk.data().get("publishableKey").asText();
        assertThat(newPublishable).startsWith("lf_pk_");
        Map<String, Object> trigger = Map.of("trigger", "t1", "phone", "+919800002222", "createLeadIfMissing", true);
        assertThat(api.asPublishable(tenant, "POST", "/api/saas/workflows/trigger", trigger).status()).isEqualTo(401);
        Api.Tenant rotated = new Api.Tenant(code, tenant.apiKey(), tenant.webhookSecret(), newPublishable);
        assertThat(api.asPublishable(rotated, "POST", "/api/saas/workflows/trigger", trigger).status()).isIn(200, 202);
        assertThat(api.as(tenant, "GET", "/api/saas/events", null).status()).as("secret key untouched").isEqualTo(200);

        Api.Response legacy = api.admin("POST", "/api/clients/" + code + "/api-key/rotate", null);
        String secret = legacy.data().get("secretKey").asText();
        assertThat(legacy.data().get("apiKey").asText()).isEqualTo(secret).startsWith("lf_sk_");
        assertThat(api.as(tenant, "GET", "/api/saas/events", null).status()).isEqualTo(401);
        Api.Tenant renewed = new Api.Tenant(code, secret, tenant.webhookSecret(), newPublishable);
        assertThat(api.as(renewed, "GET", "/api/saas/events", null).status()).isEqualTo(200);
        assertThat(api.asPublishable(renewed, "POST", "/api/saas/workflows/trigger", trigger).status())
                .as("publishable key untouched").isIn(200, 202);

        String again = api.admin("POST", "/api/clients/" + code + "/secret-key/rotate", null).data().get("secretKey").asText();
        assertThat(api.as(renewed, "GET", "/api/saas/events", null).status()).isEqualTo(401);
        assertThat(api.as(new Api.Tenant(code, again, null), "GET", "/api/saas/events", null).status()).isEqualTo(200);
    }

    @Test
    void keysIssuedBeforeThereWereTwoKinds_keepWorkingAsSecretKeys() {
        String legacy = "lf_" + "A".repeat(43);
        clients.updateSecrets(tenant.clientCode(), new Update().set("apiKeyHash", ApiKeys.hash(legacy))
                .unset("publishableKeyHash"));
        Api.Tenant old = new Api.Tenant(tenant.clientCode(), legacy, tenant.webhookSecret());
        assertThat(api.as(old, "GET", "/api/crm/leads", null).status()).isEqualTo(200);
        assertThat(api.asPublishable(tenant, "POST", "/api/saas/workflows/trigger", Map.of("trigger", "t", "phone",
                "+919800003333")).status()).as("no publishable key until one is rotated in").isEqualTo(401);
    }

    @Test
    void browsers_mayOnlyFireTriggersAndEvents_fromTheTenantsOwnOrigins() {
        Api.Tenant other = api.createTenant("cors-" + System.nanoTime() % 1_000_000);
        String shop = "https://shop-" + tenant.clientCode() + ".example.com";
        String otherShop = "https://shop-" + other.clientCode() + ".example.com";
        api.admin("PUT", "/api/clients/" + tenant.clientCode() + "/cors-origins", Map.of("origins", List.of(shop)));
        api.admin("PUT", "/api/clients/" + other.clientCode() + "/cors-origins", Map.of("origins", List.of(otherShop)));
        Map<String, String> preflight = Map.of("Origin", shop, "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "content-type,x-api-key,x-client-code");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Api.Response ok = api.send("OPTIONS", "/api/saas/workflows/trigger", null, preflight);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.raw().headers().firstValue("Access-Control-Allow-Origin")).contains(shop);
        });
        Api.Response crm = api.send("OPTIONS", "/api/crm/leads", null, preflight);
        assertThat(crm.status()).isEqualTo(403);
        assertThat(crm.errorCode()).isEqualTo("FORBIDDEN");
        Api.Response stranger = api.send("OPTIONS", "/api/saas/workflows/trigger", null,
                Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "POST"));
        assertThat(stranger.status()).isEqualTo(403);
        assertThat(stranger.raw().headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        Map<String, Object> body = Map.of("trigger", "web_form", "phone", "+919800004444", "createLeadIfMissing", true);
        Map<String, String> fromShop = new java.util.HashMap<>(tenant.publishableHeaders());
        fromShop.put("Origin", shop);
        Api.Response fired = api.send("POST", "/api/saas/workflows/trigger", body, fromShop);
        assertThat(fired.status()).isIn(200, 202);
        assertThat(fired.raw().headers().firstValue("Access-Control-Allow-Origin")).contains(shop);
        Map<String, String> fromOtherShop = new java.util.HashMap<>(tenant.publishableHeaders());
        fromOtherShop.put("Origin", otherShop);
        Api.Response foreign = api.send("POST", "/api/saas/workflows/trigger", body, fromOtherShop);
        assertThat(foreign.status()).as("another tenant's origin using this tenant's key").isEqualTo(403);
    }
}
