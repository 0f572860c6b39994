package io.leadflow.api.trigger;

import io.leadflow.shared.lead.Lead;
import io.leadflow.shared.lead.Pipeline;
import io.leadflow.shared.lead.Pipelines;
import io.leadflow.shared.tenant.TenantScope;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Finds the lead a trigger is about (phone first, then email), creating it when the trigger asks. */
@Component
class TriggerLeads {

    Optional<Lead> resolve(TenantScope tenant, TriggerRequest request) {
        Optional<Lead> found = Optional.empty();
        if (request.phone() != null) {
            found = tenant.data().findOne(Query.query(Criteria.where("phone").is(request.phone())), Lead.class);
        }
        if (found.isEmpty() && request.email() != null) {
            found = tenant.data().findOne(Query.query(Criteria.where("email").is(request.email().toLowerCase())), Lead.class);
        }
        if (found.isPresent() || !Boolean.TRUE.equals(request.createLeadIfMissing())) {
            return found;
        }
        Pipeline pipeline = Pipelines.ensureDefault(tenant);
        Instant now = Instant.now();
        return Optional.of(tenant.data().insert(new Lead(null, tenant.clientCode(), request.firstName(),
                request.lastName(), request.email() == null ? null : request.email().toLowerCase(), request.phone(),
                "trigger:" + request.trigger(), 0, null, List.of(), null, pipeline.id(), pipeline.stages().get(0).id(),
                Map.of(), Map.of(), null, now, now)));
    }
}
