package io.leadflow.devstore;

import io.leadflow.shared.config.LeadflowProperties;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * In development mode with {@code MONGODB_URI} unset, api and worker (started from an IDE, or by tests) use an embedded
 * store. Only where this module is on the class path: the launcher and the tests, never the production jars.
 */
@AutoConfiguration
@ConditionalOnProperty(name = "leadflow.dev-mode", havingValue = "true")
@ConditionalOnExpression("'${leadflow.mongo.uri:}'.isBlank()")
public class EmbeddedMongoAutoConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedMongo embeddedMongo(LeadflowProperties properties) {
        String dataDir = properties.mongo().embeddedDataDir();
        EmbeddedMongo embedded = EmbeddedMongo.start(dataDir, "127.0.0.1", 0);
        LoggerFactory.getLogger(EmbeddedMongoAutoConfiguration.class).warn(
                "Development mode without MONGODB_URI: using an embedded MongoDB-wire server at {} ({})",
                embedded.uri(), dataDir.isBlank() ? "in memory" : dataDir);
        return embedded;
    }
}
