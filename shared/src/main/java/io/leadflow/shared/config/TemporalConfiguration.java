package io.leadflow.shared.config;

import io.leadflow.shared.temporal.TenantContextPropagator;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Temporal client wiring shared by api and worker: the tenant travels in every workflow's headers. */
@Configuration(proxyBeanMethods = false)
public class TemporalConfiguration {

    @Bean
    TemporalOptionsCustomizer<WorkflowClientOptions.Builder> tenantPropagation() {
        return builder -> builder.setContextPropagators(List.of(new TenantContextPropagator()));
    }
}
