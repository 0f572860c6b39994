package io.leadflow.shared.config;

import org.bson.Document;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Readiness of api and worker ({@code mongo} in the health groups): the central database answers a {@code ping}.
 * Replaces Spring Boot's indicator, whose {@code hello} command the embedded development store doesn't know; a ping is
 * what {@code /api/saas/health} asks too.
 */
public class MongoHealthIndicator implements HealthIndicator {

    private final MongoTemplate central;

    public MongoHealthIndicator(MongoTemplate central) {
        this.central = central;
    }

    @Override
    public Health health() {
        try {
            central.executeCommand(new Document("ping", 1));
            return Health.up().withDetail("database", central.getDb().getName()).build();
        } catch (RuntimeException unreachable) {
            return Health.down().withDetail("error", unreachable.getClass().getSimpleName()).build();
        }
    }
}
