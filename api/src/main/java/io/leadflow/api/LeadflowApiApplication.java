package io.leadflow.api;

import io.leadflow.shared.config.SharedConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The public REST API. It is a Temporal client only: it starts, signals and queries workflows but never runs
 * workflow or activity code.
 */
@SpringBootApplication
@EnableScheduling
@Import(SharedConfiguration.class)
public class LeadflowApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(LeadflowApiApplication.class, args);
    }
}
