package io.leadflow.worker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The worker refuses to start with the public development secrets unless development mode is switched on. */
class WorkerStartupRefusalTest {

    @Test
    void withTheDefaultSecretsOutsideDevMode_startUpIsRefused() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(LeadflowWorkerApplication.class)
                .properties("spring.temporal.connection.target=127.0.0.1:1", "leadflow.mongo.uri=")
                .run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Refusing to start")
                .hasMessageContaining("LEADFLOW_DEV_MODE=true");
    }
}
