package io.leadflow.activities.trigger;

import io.leadflow.contracts.trigger.EventBookkeeping;
import io.leadflow.contracts.trigger.EventCompletion;
import io.leadflow.contracts.trigger.EventPlan;
import io.leadflow.contracts.trigger.TriggerInput;
import io.leadflow.shared.engine.EventPlanner;
import io.leadflow.shared.event.EventLogs;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.tenant.Tenants;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** The event log's side of trigger workflows, through the tenant's scope only; all idempotent. */
@Component("eventBookkeeping")
public class EventBookkeepingImpl implements EventBookkeeping {

    private final Tenants tenants;
    private final EventPlanner planner;

    public EventBookkeepingImpl(Tenants tenants, EventPlanner planner) {
        this.tenants = tenants;
        this.planner = planner;
    }

    @Override
    public EventPlan plan(TriggerInput input) {
        TenantScope tenant = tenants.scope(input.clientCode());
        EventPlan plan = planner.plan(tenant, input.eventLogId(), input.trigger(), input.leadId(), input.variables(),
                input.depth());
        EventLogs.update(tenant, input.eventLogId(), new Update().set("rulesMatched", plan.matchedRuleIds().size())
                .set("matchedRuleIds", plan.matchedRuleIds()));
        return plan;
    }

    @Override
    public void complete(EventCompletion completion) {
        EventLogs.complete(tenants.scope(completion.clientCode()), completion);
    }
}
