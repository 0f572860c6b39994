package io.leadflow.worker;

import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.worker.WorkerFactoryOptions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the worker adds to its workers for operators: log lines that name their tenant, lead and event. (Metrics come
 * from the Temporal starter, which reports the SDK's into the Prometheus registry, and from the activities.)
 */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {

    @Bean
    TemporalOptionsCustomizer<WorkerFactoryOptions.Builder> logContext() {
        return builder -> builder.setWorkerInterceptors(new LogContextInterceptor());
    }
}
