package io.leadflow.activities.sequence;

import io.leadflow.activities.lead.LeadLookup;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.tenant.Tenants;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Lead reads, CRM actions and index updates for running sequences, through the tenant's scope only. */
@Component("sequenceActivities")
public class SequenceActivitiesImpl implements SequenceActivities {

    private final Tenants tenants;
    private final CrmActions crmActions;

    public SequenceActivitiesImpl(Tenants tenants, CrmActions crmActions) {
        this.tenants = tenants;
        this.crmActions = crmActions;
    }

    @Override
    public LeadSnapshot loadLead(String clientCode, String leadId) {
        TenantScope tenant = tenants.scope(clientCode);
        return LeadLookup.find(tenant, leadId)
                .map(lead -> new LeadSnapshot(true, LeadLookup.facts(tenant, lead), lead.timezone()))
                .orElseGet(() -> new LeadSnapshot(false, Map.of(), null));
    }

    @Override
    public ActionOutcome crmAction(CrmAction action) {
        return new ActionOutcome(crmActions.run(tenants.scope(action.clientCode()), action));
    }

    @Override
    public void recordStatus(SequenceStatusChange change) {
        SequenceIndex.apply(tenants.scope(change.clientCode()), change);
    }
}
