package io.leadflow.activities.lead;

import io.leadflow.shared.lead.Lead;
import io.leadflow.shared.lead.Pipeline;
import io.leadflow.shared.tenant.TenantScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a lead and turns it into {@code lead.*} facts for conditions and templates. */
public final class LeadLookup {

    private LeadLookup() {
    }

    public static Optional<Lead> find(TenantScope tenant, String leadId) {
        return tenant.data().findById(leadId, Lead.class);
    }

    public static Map<String, Object> facts(TenantScope tenant, Lead lead) {
        Map<String, Object> facts = new LinkedHashMap<>();
        if (lead.refs() != null) {
            facts.putAll(lead.refs());
        }
        if (lead.extra() != null) {
            facts.putAll(lead.extra());
        }
        put(facts, "id", lead.id());
        put(facts, "firstName", lead.firstName());
        put(facts, "lastName", lead.lastName());
        put(facts, "email", lead.email());
        put(facts, "phone", lead.phone());
        put(facts, "source", lead.source());
        put(facts, "score", lead.score());
        put(facts, "dealValue", lead.dealValue());
        put(facts, "assignedTo", lead.assignedTo());
        put(facts, "pipelineId", lead.pipelineId());
        put(facts, "stageId", lead.stageId());
        put(facts, "timezone", lead.timezone());
        facts.put("tags", lead.tags() == null ? List.of() : lead.tags());
        if (lead.pipelineId() != null) {
            tenant.data().findById(lead.pipelineId(), Pipeline.class).flatMap(pipeline -> pipeline.stages().stream()
                            .filter(stage -> stage.id().equals(lead.stageId())).findFirst())
                    .ifPresent(stage -> facts.put("stage", stage.name()));
        }
        return facts;
    }

    private static void put(Map<String, Object> facts, String key, Object value) {
        if (value != null) {
            facts.put(key, value);
        }
    }
}
