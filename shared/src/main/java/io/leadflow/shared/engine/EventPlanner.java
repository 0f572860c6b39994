package io.leadflow.shared.engine;

import io.leadflow.contracts.rule.ConditionEvaluator;
import io.leadflow.contracts.sequence.EnrollmentRequest;
import io.leadflow.contracts.sequence.SequenceInput;
import io.leadflow.contracts.template.EvaluationContext;
import io.leadflow.contracts.trigger.EventPlan;
import io.leadflow.shared.client.Client;
import io.leadflow.shared.client.ClientDirectory;
import io.leadflow.shared.lead.Lead;
import io.leadflow.shared.lead.LeadService;
import io.leadflow.shared.metrics.LeadflowMetrics;
import io.leadflow.shared.rule.AutomationRule;
import io.leadflow.shared.rule.RuleStore;
import io.leadflow.shared.rule.TriggerParams;
import io.leadflow.shared.sequence.Enrollment;
import io.leadflow.shared.sequence.SequenceIndex;
import io.leadflow.shared.tenant.TenantScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what an event does, from what the engine knows now: the active rules of its trigger whose condition holds
 * for the lead (each becomes an enrollment, with the rule snapshotted), and the lead's open sequences that listen to
 * it. Plain reads: the lead, the cached rules of the trigger, and the lead's listening sequences in the index.
 */
public class EventPlanner {

    private static final Logger log = LoggerFactory.getLogger(EventPlanner.class);

    private final LeadService leads;
    private final RuleStore rules;
    private final ClientDirectory clients;
    private final String defaultTimezone;
    private final LeadflowMetrics metrics;

    public EventPlanner(LeadService leads, RuleStore rules, ClientDirectory clients, String defaultTimezone,
                        LeadflowMetrics metrics) {
        this.leads = leads;
        this.rules = rules;
        this.clients = clients;
        this.defaultTimezone = defaultTimezone;
        this.metrics = metrics;
    }

    /**
     * The zone a tenant's sequences fall back to when the lead has none: the tenant's own, else
     * {@code leadflow.engine.default-timezone}. Every enrollment (rules, code sequences) takes it from here.
     */
    public String timezone(TenantScope tenant) {
        return clients.client(tenant.clientCode()).map(Client::timezone)
                .filter(zone -> zone != null && !zone.isBlank()).orElse(defaultTimezone);
    }

    /** The plan of one event for one lead; empty when the lead no longer exists. */
    public EventPlan plan(TenantScope tenant, String eventLogId, String trigger, String leadId,
                          Map<String, Object> variables, int depth) {
        long started = System.nanoTime();
        try {
            return planNow(tenant, eventLogId, trigger, leadId, variables, depth);
        } finally {
            metrics.ruleMatch(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private EventPlan planNow(TenantScope tenant, String eventLogId, String trigger, String leadId,
                              Map<String, Object> variables, int depth) {
        Optional<Lead> lead = leadId == null ? Optional.empty() : leads.find(tenant, leadId);
        if (lead.isEmpty()) {
            return EventPlan.empty();
        }
        Map<String, Object> facts = leads.leadFacts(lead.get(), leads.pipelineOf(tenant, lead.get()));
        Map<String, Object> context = EvaluationContext.of(facts, trigger, variables, Map.of(), Map.of());
        String timezone = timezone(tenant);
        List<String> matched = new ArrayList<>();
        List<EnrollmentRequest> enroll = new ArrayList<>();
        for (AutomationRule rule : rules.activeRulesFor(tenant, trigger)) {
            if (!TriggerParams.matches(rule.params(), variables) || !holds(rule, context)) {
                continue;
            }
            matched.add(rule.id());
            SequenceInput input = new SequenceInput(tenant.clientCode(), leadId, SequenceInput.ruleKey(rule.id()),
                    rule.name(), rule.toSnapshot(), null, trigger, variables == null ? Map.of() : variables, Map.of(),
                    eventLogId, timezone, depth, facts);
            enroll.add(new EnrollmentRequest(input, rule.reEnrollment()));
        }
        List<String> notify = SequenceIndex.listeners(tenant, leadId, trigger).stream().map(Enrollment::id).toList();
        return new EventPlan(facts, timezone, matched, enroll, notify);
    }

    private static boolean holds(AutomationRule rule, Map<String, Object> context) {
        try {
            return ConditionEvaluator.evaluate(rule.condition(), context);
        } catch (IllegalArgumentException invalid) {
            // Rules are validated on save; a stored rule that still can't be evaluated matches nothing.
            log.warn("rule {} has a condition that cannot be evaluated: {}", rule.id(), invalid.getMessage());
            return false;
        }
    }
}
