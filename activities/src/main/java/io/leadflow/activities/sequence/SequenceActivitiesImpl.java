package io.leadflow.activities.sequence;

import io.leadflow.shared.lead.LeadService;
import io.leadflow.shared.sequence.SequenceInput;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.tenant.Tenants;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Lead reads, CRM actions and index updates for running sequences, through the tenant's scope only. */
@Component("sequenceActivities")
public class SequenceActivitiesImpl implements SequenceActivities {

    private final Tenants tenants;
    private final LeadService leads;
    private final CrmActions crmActions;

    public SequenceActivitiesImpl(Tenants tenants, LeadService leads, CrmActions crmActions) {
        this.tenants = tenants;
        this.leads = leads;
        this.crmActions = crmActions;
    }

    @Override
    public LeadSnapshot loadLead(String clientCode, String leadId) {
        TenantScope tenant = tenants.scope(clientCode);
        return leads.find(tenant, leadId)
                .map(lead -> new LeadSnapshot(true, leads.leadFacts(lead, leads.pipelineOf(tenant, lead)), lead.timezone()))
                .orElseGet(() -> new LeadSnapshot(false, Map.of(), null));
    }

    @Override
    public ActionOutcome crmAction(CrmAction action) {
        return new ActionOutcome(crmActions.run(tenants.scope(action.clientCode()), action));
    }

    @Override
    public void recordEnrollment(SequenceInput input, String workflowId) {
        SequenceIndex.enroll(tenants.scope(input.clientCode()), input, workflowId, false);
    }

    @Override
    public void recordStatus(SequenceStatusChange change) {
        SequenceIndex.apply(tenants.scope(change.clientCode()), change);
    }
}
