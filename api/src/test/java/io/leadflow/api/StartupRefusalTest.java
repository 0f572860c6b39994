package io.leadflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The api refuses to start with the public development secrets unless development mode is switched on. */
class StartupRefusalTest {

    /** Started as from a command line, so the arguments win over application.yml as they would in production. */
    private static Runner api(String... arguments) {
        SpringApplicationBuilder builder = new SpringApplicationBuilder(LeadflowApiApplication.class).properties(
                "spring.temporal.connection.target=127.0.0.1:1", "leadflow.mongo.uri=", "server.port=0",
                "leadflow.api.redispatch-interval=1h");
        return () -> builder.run(java.util.Arrays.stream(arguments).map(a -> "--" + a).toArray(String[]::new));
    }

    private interface Runner {
        ConfigurableApplicationContext run();
    }

    @Test
    void withTheDefaultSecretsOutsideDevMode_startUpIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> api("leadflow.dev-mode=false").run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Refusing to start")
                .hasMessageContaining("CORE_JWT_SECRET")
                .hasMessageContaining("LEADFLOW_DEV_MODE=true");
    }

    @Test
    void oneDefaultSecretIsEnoughToRefuse() {
        assertThatThrownBy(() -> api("leadflow.security.jwt-secret=a-real-secret-of-at-least-32-bytes-0123456789").run())
                .hasMessageContaining("SECRETS_ENCRYPTION_KEY").hasMessageNotContaining("CORE_JWT_SECRET");
    }

    @Test
    void withItsOwnSecrets_itStarts() {
        try (ConfigurableApplicationContext context = api(
                "leadflow.security.jwt-secret=a-real-secret-of-at-least-32-bytes-0123456789",
                "leadflow.security.encryption-key=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=").run()) {
            assertThat(context.isRunning()).isTrue();
        }
    }
}
