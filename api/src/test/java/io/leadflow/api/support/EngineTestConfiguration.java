package io.leadflow.api.support;

import io.leadflow.contracts.temporal.LeadflowSearchAttributes;
import io.leadflow.worker.ObservabilityConfiguration;
import io.leadflow.worker.SequencesConfiguration;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.testing.TestEnvironmentOptions;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;

/**
 * Puts the worker's activities and code sequences into the API's test context and registers Leadflow's search attributes on the
 * in-process Temporal test server, so an API test runs the whole engine.
 */
@TestConfiguration(proxyBeanMethods = false)
@ComponentScan("io.leadflow.activities")
@Import({SequencesConfiguration.class, ObservabilityConfiguration.class})
public class EngineTestConfiguration {

    @Bean
    TemporalOptionsCustomizer<TestEnvironmentOptions.Builder> searchAttributes() {
        return builder -> {
            LeadflowSearchAttributes.ALL.forEach(builder::registerSearchAttribute);
            return builder;
        };
    }
}
