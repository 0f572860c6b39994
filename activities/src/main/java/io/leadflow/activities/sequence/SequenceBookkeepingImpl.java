package io.leadflow.activities.sequence;

import io.leadflow.contracts.sequence.LeadSnapshot;
import io.leadflow.contracts.sequence.SequenceBookkeeping;
import io.leadflow.contracts.sequence.SequenceClosed;
import io.leadflow.contracts.sequence.SequenceOpened;
import io.leadflow.shared.lead.LeadService;
import io.leadflow.shared.metrics.LeadflowMetrics;
import io.leadflow.shared.sequence.SequenceIndex;
import io.leadflow.shared.tenant.Tenants;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The sequences index and lead reads of running sequences, through the tenant's scope only; all idempotent. Opening
 * and closing a run are also where sequences are counted ({@code leadflow.sequences.started} and {@code .closed}):
 * these local activities run once per run in the worker, while workflow code can't touch a meter registry and would
 * count again on every replay.
 */
@Component("sequenceBookkeeping")
public class SequenceBookkeepingImpl implements SequenceBookkeeping {

    private final Tenants tenants;
    private final LeadService leads;
    private final LeadflowMetrics metrics;

    public SequenceBookkeepingImpl(Tenants tenants, LeadService leads, LeadflowMetrics metrics) {
        this.tenants = tenants;
        this.leads = leads;
        this.metrics = metrics;
    }

    @Override
    public void open(SequenceOpened opened) {
        SequenceIndex.open(tenants.scope(opened.clientCode()), opened);
        metrics.sequenceStarted(opened.clientCode(),
                opened.sequenceKey() != null && opened.sequenceKey().startsWith("code:") ? "code" : "rule");
    }

    @Override
    public void close(SequenceClosed closed) {
        SequenceIndex.close(tenants.scope(closed.clientCode()), closed);
        metrics.sequenceClosed(closed.clientCode(), closed.status());
    }

    @Override
    public LeadSnapshot loadLead(String clientCode, String leadId) {
        var tenant = tenants.scope(clientCode);
        return leads.find(tenant, leadId)
                .map(lead -> new LeadSnapshot(true, leads.leadFacts(lead, leads.pipelineOf(tenant, lead)), lead.timezone()))
                .orElseGet(() -> new LeadSnapshot(false, Map.of(), null));
    }
}
