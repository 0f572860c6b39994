package io.leadflow.api.trigger;

import io.leadflow.shared.lead.Lead;
import io.leadflow.shared.lead.LeadService;
import io.leadflow.shared.lead.NewLead;
import io.leadflow.shared.tenant.TenantScope;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Finds the lead a trigger is about (phone first, then email), creating it when the trigger asks; a created lead
 * fires {@code lead_created} like any other.
 */
@Component
class TriggerLeads {

    private final LeadService leads;

    TriggerLeads(LeadService leads) {
        this.leads = leads;
    }

    Optional<Lead> resolve(TenantScope tenant, TriggerRequest request) {
        if (!Boolean.TRUE.equals(request.createLeadIfMissing())) {
            return leads.findByContact(tenant, request.phone(), request.email());
        }
        NewLead draft = NewLead.contact(request.phone(), request.email(), request.firstName(), request.lastName(),
                "trigger:" + request.trigger());
        return Optional.of(leads.findOrCreate(tenant, draft, 0).lead());
    }
}
