package io.leadflow.shared.config;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.leadflow.shared.security.SecretCipher;
import io.leadflow.shared.tenant.Tenants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Storage wiring shared by api and worker: the Mongo client (a real server from {@code MONGODB_URI},
 * or an embedded MongoDB-wire server when it is empty), the central template and the tenant accessor.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LeadflowProperties.class)
public class MongoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MongoConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${leadflow.mongo.uri:}'.isBlank()")
    EmbeddedMongo embeddedMongo(LeadflowProperties properties) {
        EmbeddedMongo embedded = EmbeddedMongo.start(properties.mongo().embeddedDataDir(), "127.0.0.1", 0);
        log.warn("MONGODB_URI is not set: using an embedded MongoDB-wire server at {} ({})", embedded.uri(),
                properties.mongo().embeddedDataDir().isBlank() ? "in memory" : properties.mongo().embeddedDataDir());
        return embedded;
    }

    @Bean(destroyMethod = "close")
    MongoClient mongoClient(LeadflowProperties properties, org.springframework.beans.factory.ObjectProvider<EmbeddedMongo> embedded) {
        String uri = properties.mongo().uri().isBlank() ? embedded.getObject().uri() : properties.mongo().uri();
        return MongoClients.create(uri);
    }

    @Bean
    MongoTemplate mongoTemplate(MongoClient client, LeadflowProperties properties) {
        return new MongoTemplate(client, properties.mongo().centralDatabase());
    }

    @Bean
    SecretCipher secretCipher(LeadflowProperties properties) {
        return new SecretCipher(properties.security().encryptionKey());
    }

    @Bean(destroyMethod = "close")
    Tenants tenants(MongoClient client, MongoTemplate central, LeadflowProperties properties, SecretCipher cipher) {
        return new Tenants(client, central, properties.mongo(), cipher);
    }
}
