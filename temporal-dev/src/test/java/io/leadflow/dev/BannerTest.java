package io.leadflow.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BannerTest {

    private static final Path CHECKOUT = Path.of("/src/leadflow");
    private static final DemoTenant DEMO = new DemoTenant("demo", "lf_sk_key123", "whsec_secret456", "lf_pk_pub789");

    @Test
    void withTheCli_bannerShowsTheWebUiCredentialsAndAReadyToPasteTrigger() {
        StackSettings settings = StackSettings.parse(List.of("--temporal-cli=/bin/temporal"), Map.of(), CHECKOUT);

        String banner = Banner.render(settings, "mongodb://127.0.0.1:27027", true, "jwt.admin.token", Optional.of(DEMO), "");

        assertThat(banner)
                .contains("http://localhost:8080")
                .contains("Temporal Web UI   http://localhost:8233")
                .contains("jwt.admin.token")
                .contains("secret key:       lf_sk_key123")
                .contains("publishable key:  lf_pk_pub789")
                .contains("webhook secret:   whsec_secret456")
                .contains("valid 12 hours")
                .contains(".data/demo-tenant.json")
                .contains("curl -s -X POST localhost:8080/api/saas/workflows/trigger -H 'content-type: application/json'"
                        + " -H \"x-client-code: demo\" -H \"x-api-key: lf_pk_pub789\" -d '{\"trigger\":\"appointment_confirmed\","
                        + "\"phone\":\"+919876543210\",\"firstName\":\"Asha\",\"createLeadIfMissing\":true}'")
                .contains("curl -s localhost:8080/api/saas/events/<eventLogId> -H \"x-client-code: demo\" -H \"x-api-key: lf_sk_key123\"");
    }

    @Test
    void withTheJavaTestServer_bannerSaysThereIsNoUi() {
        StackSettings settings = StackSettings.parse(List.of(), Map.of(), CHECKOUT);

        String banner = Banner.render(settings, "mongodb://127.0.0.1:27027", true, "t", Optional.of(DEMO), "");

        assertThat(banner).contains("Java test server").contains("none (the Java test server has no UI");
    }

    @Test
    void withoutCredentials_bannerExplainsWhy() {
        StackSettings settings = StackSettings.parse(List.of(), Map.of(), CHECKOUT);

        String banner = Banner.render(settings, "mongodb://x", false, "t", Optional.empty(), "could not be provisioned: HTTP 500");

        assertThat(banner).contains("Demo tenant: could not be provisioned: HTTP 500").doesNotContain("Fire a trigger")
                .contains("off (server refused them)");
    }

    @Test
    void withAnExternalTemporal_bannerSaysWhoRegistersTheSearchAttributes() {
        StackSettings settings = StackSettings.parse(List.of(), Map.of("TEMPORAL_ADDRESS", "temporal:7233"), CHECKOUT);

        String banner = Banner.render(settings, "mongodb://x", true, "t", Optional.of(DEMO), "");

        assertThat(banner).contains("temporal:7233").contains("the worker registers them if missing")
                .contains("not started by the stack");
    }
}
