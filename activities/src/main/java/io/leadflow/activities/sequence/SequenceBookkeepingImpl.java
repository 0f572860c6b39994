package io.leadflow.activities.sequence;

import io.leadflow.contracts.sequence.LeadSnapshot;
import io.leadflow.contracts.sequence.SequenceBookkeeping;
import io.leadflow.contracts.sequence.SequenceClosed;
import io.leadflow.contracts.sequence.SequenceOpened;
import io.leadflow.shared.lead.LeadService;
import io.leadflow.shared.sequence.SequenceIndex;
import io.leadflow.shared.tenant.Tenants;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The sequences index and lead reads of running sequences, through the tenant's scope only; all idempotent. */
@Component("sequenceBookkeeping")
public class SequenceBookkeepingImpl implements SequenceBookkeeping {

    private final Tenants tenants;
    private final LeadService leads;

    public SequenceBookkeepingImpl(Tenants tenants, LeadService leads) {
        this.tenants = tenants;
        this.leads = leads;
    }

    @Override
    public void open(SequenceOpened opened) {
        SequenceIndex.open(tenants.scope(opened.clientCode()), opened);
    }

    @Override
    public void close(SequenceClosed closed) {
        SequenceIndex.close(tenants.scope(closed.clientCode()), closed);
    }

    @Override
    public LeadSnapshot loadLead(String clientCode, String leadId) {
        var tenant = tenants.scope(clientCode);
        return leads.find(tenant, leadId)
                .map(lead -> new LeadSnapshot(true, leads.leadFacts(lead, leads.pipelineOf(tenant, lead)), lead.timezone()))
                .orElseGet(() -> new LeadSnapshot(false, Map.of(), null));
    }
}
