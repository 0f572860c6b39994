package io.leadflow.activities.trigger;

import io.leadflow.contracts.trigger.EventBookkeeping;
import io.leadflow.contracts.trigger.EventCompletion;
import io.leadflow.contracts.trigger.EventPlan;
import io.leadflow.contracts.trigger.TriggerInput;
import io.leadflow.shared.engine.EventPlanner;
import io.leadflow.shared.event.EventLog;
import io.leadflow.shared.event.EventLogs;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.tenant.Tenants;
import java.util.List;
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
        TenantScope tenant = tenants.scope(completion.clientCode());
        String note = completion.matchedRuleIds().size() + " rule(s) matched, " + completion.enrolledWorkflowIds().size()
                + " sequence(s) started" + (completion.alreadyEnrolled().isEmpty() ? ""
                : ", " + completion.alreadyEnrolled().size() + " already enrolled")
                + (completion.notified() > 0 ? ", " + completion.notified() + " running sequence(s) told" : "");
        Update fields = new Update()
                .set("rulesMatched", completion.matchedRuleIds().size())
                .set("matchedRuleIds", completion.matchedRuleIds())
                .set("enrolledWorkflowIds", completion.enrolledWorkflowIds())
                .set("meetLink", completion.meetLink())
                .set("meetWarning", completion.meetWarning());
        EventLogs.transitionFrom(tenant, completion.eventLogId(), List.of(EventLog.RECEIVED, EventLog.PROCESSING),
                EventLog.COMPLETED, note, fields);
    }
}
