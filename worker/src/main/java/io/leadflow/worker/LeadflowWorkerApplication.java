package io.leadflow.worker;

import io.leadflow.shared.config.SharedConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The Temporal worker: hosts every Leadflow workflow and activity on the configured task queue. It serves no
 * public REST API. Workers are tenant-aware through the workflow inputs and the propagated tenant header, so one
 * worker fleet serves all tenants and resumes every sequence after a restart.
 */
@SpringBootApplication(scanBasePackages = {"io.leadflow.worker", "io.leadflow.activities"})
@Import(SharedConfiguration.class)
public class LeadflowWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(LeadflowWorkerApplication.class, args);
    }
}
