package io.leadflow.shared.lead;

import io.leadflow.shared.engine.TriggerDispatcher;
import io.leadflow.shared.rule.RuleStore;
import io.leadflow.shared.tenant.Tenants;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The CRM's beans for every process (api and worker): the lead service, which reports lifecycle events to
 * the engine, and the rule store. Indexes of the CRM collections are created as each tenant is first opened.
 */
@Configuration(proxyBeanMethods = false)
public class CrmConfiguration {

    @Bean
    LeadService leadService(TriggerDispatcher dispatcher, Tenants tenants) {
        tenants.onOpen(LeadService::ensureIndexes);
        return new LeadService(dispatcher);
    }

    @Bean
    RuleStore ruleStore(Tenants tenants) {
        tenants.onOpen(RuleStore::ensureIndexes);
        return new RuleStore();
    }
}
