package io.leadflow.shared.config;

import io.leadflow.shared.broadcast.Broadcasts;
import io.leadflow.shared.chat.ChatEvents;
import io.leadflow.shared.conversation.Conversations;
import io.leadflow.shared.lead.UnsubscribeTokens;
import io.leadflow.shared.schedule.TenantSchedules;
import io.leadflow.shared.security.SecretCipher;
import io.leadflow.shared.tenant.Tenants;
import io.leadflow.shared.whatsapp.InboundWebhooks;
import io.leadflow.shared.whatsapp.WhatsAppNumbers;
import io.leadflow.shared.whatsapp.WhatsAppTemplates;
import io.temporal.client.schedules.ScheduleClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Inbound messaging's beans, shared by api and worker (docs/INBOUND.md): the live inbox's event log, the WhatsApp
 * number directory and raw delivery store, unsubscribe tokens, the tenants' Temporal Schedules, and the indexes of the
 * tenant collections both processes write (conversations, templates, broadcasts).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MessagingProperties.class)
public class MessagingConfiguration {

    @Bean
    ChatEvents chatEvents(MongoTemplate central, MessagingProperties messaging, Tenants tenants) {
        tenants.onOpen(scope -> Conversations.ensureIndexes(scope.data()));
        tenants.onOpen(WhatsAppTemplates::ensureIndexes);
        tenants.onOpen(Broadcasts::ensureIndexes);
        return new ChatEvents(central, messaging.chat().retention());
    }

    @Bean
    WhatsAppNumbers whatsAppNumbers(MongoTemplate central, SecretCipher cipher, LeadflowProperties properties) {
        return new WhatsAppNumbers(central, cipher, properties.security().clientCacheTtl());
    }

    @Bean
    InboundWebhooks inboundWebhooks(MongoTemplate central, MessagingProperties messaging) {
        return new InboundWebhooks(central, messaging.whatsapp().retention());
    }

    @Bean
    UnsubscribeTokens unsubscribeTokens(LeadflowProperties properties) {
        return new UnsubscribeTokens(properties.security().jwtSecret());
    }

    @Bean
    TenantSchedules tenantSchedules(ScheduleClient schedules, MessagingProperties messaging,
                                    LeadflowProperties properties) {
        return new TenantSchedules(schedules, messaging.schedules(), properties.temporal().taskQueue(),
                properties.temporal().searchAttributes());
    }
}
