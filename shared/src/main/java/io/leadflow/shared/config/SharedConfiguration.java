package io.leadflow.shared.config;

import io.leadflow.shared.client.ClientDirectory;
import io.leadflow.shared.engine.EventPlanner;
import io.leadflow.shared.engine.SequenceStarter;
import io.leadflow.shared.engine.TriggerDispatcher;
import io.leadflow.shared.event.EventLogs;
import io.leadflow.shared.lead.LeadEvents;
import io.leadflow.shared.lead.LeadService;
import io.leadflow.shared.metrics.LeadflowMetrics;
import io.leadflow.shared.rule.RuleStore;
import io.leadflow.shared.security.AdminTokens;
import io.leadflow.shared.security.SecretCipher;
import io.leadflow.shared.sequence.SequenceCatalog;
import io.leadflow.shared.sequence.SequenceIndex;
import io.leadflow.shared.temporal.TemporalHealthIndicator;
import io.leadflow.shared.tenant.Tenants;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Beans every Leadflow process needs: storage, tenancy, security and the trigger dispatcher. */
@Configuration(proxyBeanMethods = false)
@Import({MongoConfiguration.class, TemporalConfiguration.class, MessagingConfiguration.class})
public class SharedConfiguration {

    @Bean
    ClientDirectory clientDirectory(MongoTemplate central, SecretCipher cipher, Tenants tenants,
                                    LeadflowProperties properties) {
        ClientDirectory directory = new ClientDirectory(central, cipher, properties.security().clientCacheTtl());
        directory.ensureIndexes();
        EventLogs.ensureIndexes(central);
        return directory;
    }

    /** Runs before every other bean: no start with the public secrets, or without a store, outside development mode. */
    @Bean
    static DevelopmentModeGuard developmentModeGuard() {
        return new DevelopmentModeGuard();
    }

    @Bean
    AdminTokens adminTokens(LeadflowProperties properties) {
        return new AdminTokens(properties.security().jwtSecret(), properties.security().adminTokenMaxLifetime());
    }

    @Bean
    LeadService leadService(ObjectProvider<TriggerDispatcher> dispatcher, Tenants tenants) {
        tenants.onOpen(LeadService::ensureIndexes);
        tenants.onOpen(SequenceIndex::ensureIndexes);
        return new LeadService(LeadEvents.through(dispatcher::getObject));
    }

    @Bean
    RuleStore ruleStore(Tenants tenants, LeadflowProperties properties) {
        tenants.onOpen(RuleStore::ensureIndexes);
        return new RuleStore(properties.engine().ruleCacheTtl());
    }

    @Bean
    SequenceCatalog sequenceCatalog(MongoTemplate central) {
        return new SequenceCatalog(central);
    }

    @Bean
    EventPlanner eventPlanner(LeadService leads, RuleStore rules, ClientDirectory clients,
                              LeadflowProperties properties, LeadflowMetrics metrics) {
        return new EventPlanner(leads, rules, clients, properties.engine().defaultTimezone(), metrics);
    }

    /** Leadflow's counters and timers, in the process's registry (Prometheus in both apps). */
    @Bean
    LeadflowMetrics leadflowMetrics(ObjectProvider<MeterRegistry> registry) {
        return registry.getIfAvailable() == null ? LeadflowMetrics.standalone()
                : new LeadflowMetrics(registry.getObject());
    }

    /** Readiness of both apps: Temporal answers (the {@code temporal} health contributor). */
    @Bean
    TemporalHealthIndicator temporalHealthIndicator(WorkflowClient client) {
        return new TemporalHealthIndicator(client);
    }

    @Bean
    SequenceStarter sequenceStarter(WorkflowClient client, LeadflowProperties properties) {
        return new SequenceStarter(client, properties);
    }

    @Bean
    TriggerDispatcher triggerDispatcher(WorkflowClient client, Tenants tenants, EventPlanner planner,
                                        SequenceStarter sequences, LeadflowProperties properties) {
        return new TriggerDispatcher(client, tenants, planner, sequences, properties);
    }
}
