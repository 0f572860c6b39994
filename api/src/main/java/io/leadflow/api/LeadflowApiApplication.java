package io.leadflow.api;

import io.leadflow.shared.config.SharedConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The public REST API. It is a Temporal client only: it starts, signals and queries workflows but never runs
 * workflow or activity code.
 */
// No users and passwords: callers authenticate with an admin JWT or a tenant key (io.leadflow.api.security).
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@EnableScheduling
@Import(SharedConfiguration.class)
public class LeadflowApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(LeadflowApiApplication.class, args);
    }
}
