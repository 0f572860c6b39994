package io.leadflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.devstore.EmbeddedMongo;
import io.leadflow.shared.config.DevelopmentStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The api refuses to start with the public development secrets, or without {@code MONGODB_URI}, unless development mode
 * is switched on; and its production jar has no embedded store to fall back on.
 */
class StartupRefusalTest {

    private static final String REAL_JWT = "leadflow.security.jwt-secret=a-real-secret-of-at-least-32-bytes-0123456789";
    private static final String REAL_KEY = "leadflow.security.encryption-key=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    private static EmbeddedMongo mongo;

    @BeforeAll
    static void store() {
        mongo = EmbeddedMongo.start(null, "127.0.0.1", 0);
    }

    @AfterAll
    static void closeStore() {
        mongo.close();
    }

    /** Started as from a command line, so the arguments win over application.yml as they would in production. */
    private static Runner api(String... arguments) {
        SpringApplicationBuilder builder = new SpringApplicationBuilder(LeadflowApiApplication.class).properties(
                "spring.temporal.connection.target=127.0.0.1:1", "server.port=0", "management.server.port=0",
                "leadflow.api.redispatch-interval=1h");
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(arguments));
        if (args.stream().noneMatch(argument -> argument.startsWith("leadflow.mongo.uri="))) {
            args.add("leadflow.mongo.uri=" + mongo.uri());
        }
        return () -> builder.run(args.stream().map(a -> "--" + a).toArray(String[]::new));
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
    void withItsOwnSecretsAndAStore_itStarts() {
        try (ConfigurableApplicationContext context = api(REAL_JWT, REAL_KEY).run()) {
            assertThat(context.isRunning()).isTrue();
            assertThat(context.getBeanNamesForType(DevelopmentStore.class)).as("no embedded store in production").isEmpty();
        }
    }

    @Test
    void withoutMongoUriOutsideDevMode_startUpIsRefused_insteadOfKeepingEventsInMemory() {
        assertThatThrownBy(() -> api(REAL_JWT, REAL_KEY, "leadflow.mongo.uri=").run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Refusing to start: MONGODB_URI (leadflow.mongo.uri) is not set");
    }

    @Test
    void withoutMongoUriInDevMode_theEmbeddedStoreStandsIn_whereTheBuildHasOne() {
        // The test class path has the dev-store module (test scope); the api's production jar does not.
        try (ConfigurableApplicationContext context = api("leadflow.dev-mode=true", "leadflow.mongo.uri=").run()) {
            assertThat(context.getBeanNamesForType(DevelopmentStore.class)).hasSize(1);
        }
    }
}
