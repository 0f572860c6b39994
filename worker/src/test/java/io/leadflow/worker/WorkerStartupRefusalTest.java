package io.leadflow.worker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The worker refuses to start with the public development secrets, or without {@code MONGODB_URI}, unless development
 * mode is switched on.
 */
class WorkerStartupRefusalTest {

    @Test
    void withTheDefaultSecretsOutsideDevMode_startUpIsRefused() {
        assertThatThrownBy(() -> worker("leadflow.mongo.uri=mongodb://127.0.0.1:1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Refusing to start")
                .hasMessageContaining("LEADFLOW_DEV_MODE=true");
    }

    @Test
    void withoutMongoUriOutsideDevMode_startUpIsRefused() {
        assertThatThrownBy(() -> worker("leadflow.mongo.uri=",
                "leadflow.security.jwt-secret=a-real-secret-of-at-least-32-bytes-0123456789",
                "leadflow.security.encryption-key=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Refusing to start: MONGODB_URI (leadflow.mongo.uri) is not set");
    }

    /** Started as from a command line, so the arguments win over application.yml as they would in production. */
    private static void worker(String... arguments) {
        new SpringApplicationBuilder(LeadflowWorkerApplication.class)
                .properties("spring.temporal.connection.target=127.0.0.1:1", "server.port=0")
                .run(java.util.Arrays.stream(arguments).map(argument -> "--" + argument).toArray(String[]::new))
                .close();
    }
}
