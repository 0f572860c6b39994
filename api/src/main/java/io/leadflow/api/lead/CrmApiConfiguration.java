package io.leadflow.api.lead;

import io.leadflow.shared.lead.CrmConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Brings the CRM's shared beans (lead service, rule store) into the API. */
@Configuration(proxyBeanMethods = false)
@Import(CrmConfiguration.class)
class CrmApiConfiguration {
}
