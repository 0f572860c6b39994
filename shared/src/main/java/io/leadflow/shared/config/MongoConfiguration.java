package io.leadflow.shared.config;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.leadflow.shared.security.SecretCipher;
import io.leadflow.shared.tenant.Tenants;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Storage wiring shared by api and worker: the Mongo client (a real server from {@code MONGODB_URI}, or, in
 * development mode only, the embedded {@link DevelopmentStore} when it is empty — see {@link DevelopmentModeGuard}),
 * the central template and the tenant accessor.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LeadflowProperties.class)
public class MongoConfiguration {

    @Bean(destroyMethod = "close")
    MongoClient mongoClient(LeadflowProperties properties, ObjectProvider<DevelopmentStore> development) {
        String uri = properties.mongo().uri();
        if (uri.isBlank()) {
            // DevelopmentModeGuard has checked that development mode is on and an embedded store exists.
            uri = development.getObject().uri();
        }
        return MongoClients.create(uri);
    }

    @Bean
    MongoTemplate mongoTemplate(MongoClient client, LeadflowProperties properties) {
        return new MongoTemplate(client, properties.mongo().centralDatabase());
    }

    /** Named as Spring Boot's, which it replaces: the {@code mongo} health contributor. */
    @Bean
    MongoHealthIndicator mongoHealthIndicator(MongoTemplate central) {
        return new MongoHealthIndicator(central);
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
