package io.leadflow.activities.trigger;

import io.leadflow.shared.engine.TriggerAcceptance;
import io.leadflow.shared.engine.TriggerInput;
import io.leadflow.shared.event.EventLog;
import io.leadflow.shared.event.EventLogs;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.tenant.Tenants;
import io.leadflow.shared.rule.AutomationRule;
import io.leadflow.shared.lead.LeadService;
import io.leadflow.shared.rule.RuleStore;
import io.leadflow.shared.client.Client;
import io.leadflow.shared.client.ClientDirectory;
import io.leadflow.shared.rule.ConditionEvaluator;
import io.leadflow.shared.template.EvaluationContext;
import java.util.List;
import java.util.Map;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** EventLog transitions and rule matching, through the tenant's scope only. All methods are idempotent. */
@Component("triggerActivities")
public class TriggerActivitiesImpl implements TriggerActivities {

    private final Tenants tenants;
    private final ClientDirectory clients;
    private final LeadService leads;
    private final RuleStore rules;

    public TriggerActivitiesImpl(Tenants tenants, ClientDirectory clients, LeadService leads, RuleStore rules) {
        this.tenants = tenants;
        this.clients = clients;
        this.leads = leads;
        this.rules = rules;
    }

    @Override
    public TriggerPlan begin(TriggerInput input) {
        TenantScope tenant = tenants.scope(input.clientCode());
        EventLogs.byId(tenant, input.eventLogId())
                .filter(event -> EventLog.RECEIVED.equals(event.status()))
                .ifPresent(event -> EventLogs.transition(tenant, event.id(), EventLog.PROCESSING, null, null));
        Map<String, Object> lead = input.leadId() == null ? null : leads.facts(tenant, input.leadId()).orElse(null);
        if (lead == null) {
            return new TriggerPlan(input.leadId(), List.of(), Map.of(), null);
        }
        Map<String, Object> context = EvaluationContext.of(lead, input.trigger(), input.variables(), Map.of(), Map.of());
        List<AutomationRule> matched = rules.activeRulesFor(tenant, input.trigger()).stream()
                .filter(rule -> ConditionEvaluator.evaluate(rule.condition(), context))
                .toList();
        String timezone = clients.client(input.clientCode()).map(Client::timezone).orElse(null);
        return new TriggerPlan(input.leadId(), matched, lead, timezone);
    }

    @Override
    public void recordAcceptance(String clientCode, String eventLogId, TriggerAcceptance acceptance) {
        Update update = new Update()
                .set("leadId", acceptance.leadId())
                .set("rulesMatched", acceptance.rulesMatched())
                .set("matchedRuleIds", acceptance.matchedRuleIds())
                .set("meetLink", acceptance.meetLink())
                .set("meetWarning", acceptance.meetWarning());
        EventLogs.update(tenants.scope(clientCode), eventLogId, update);
    }

    @Override
    public void complete(String clientCode, String eventLogId, String note) {
        TenantScope tenant = tenants.scope(clientCode);
        EventLogs.byId(tenant, eventLogId)
                .filter(event -> !EventLog.COMPLETED.equals(event.status()))
                .ifPresent(event -> EventLogs.transition(tenant, eventLogId, EventLog.COMPLETED, note, null));
    }

    @Override
    public void fail(String clientCode, String eventLogId, String code, String message) {
        TenantScope tenant = tenants.scope(clientCode);
        EventLogs.transition(tenant, eventLogId, EventLog.FAILED, message,
                new Update().set("error", new EventLog.EventError(code, message)));
    }
}
