package io.leadflow.activities.job;

import io.leadflow.contracts.job.JobActivities;
import io.leadflow.contracts.job.JobBatch;
import io.leadflow.contracts.job.JobStep;
import io.leadflow.contracts.trigger.TriggerInput;
import io.leadflow.shared.conversation.Message;
import io.leadflow.shared.engine.TriggerDispatcher;
import io.leadflow.shared.lead.Lead;
import io.leadflow.shared.lead.LeadScore;
import io.leadflow.shared.lead.Pipeline;
import io.leadflow.shared.lead.Pipelines;
import io.leadflow.shared.rule.AutomationRule;
import io.leadflow.shared.rule.RuleStore;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.tenant.Tenants;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The batches of a tenant's scheduled jobs. {@code no_contact} goes through the engine like every event (logged,
 * planned, the lean path), keyed by the rule's days, the lead and the start of its idle stretch, so a lead idle for a
 * week is told once per {@code days}, however often the scan runs, and again only after a message breaks the silence.
 */
@Component("jobActivities")
public class JobActivitiesImpl implements JobActivities {

    /** The source of the events the scheduled jobs fire. */
    public static final String SOURCE = "schedule";

    private final Tenants tenants;
    private final RuleStore rules;
    private final ObjectProvider<TriggerDispatcher> dispatcher;

    public JobActivitiesImpl(Tenants tenants, RuleStore rules, ObjectProvider<TriggerDispatcher> dispatcher) {
        this.tenants = tenants;
        this.rules = rules;
        this.dispatcher = dispatcher;
    }

    @Override
    public JobBatch scanNoContact(JobStep step) {
        TenantScope tenant = tenants.scope(step.clientCode());
        TreeSet<Integer> days = new TreeSet<>();
        for (AutomationRule rule : rules.activeRulesFor(tenant, AutomationRule.NO_CONTACT)) {
            if (rule.params() != null && rule.params().get("days") instanceof Number n) {
                days.add(n.intValue());
            }
        }
        if (days.isEmpty()) {
            return new JobBatch(step.cursor(), true, 0, 0);
        }
        Instant asOf = Instant.parse(step.asOf());
        Instant cutoff = asOf.minus(Duration.ofDays(days.first()));
        Criteria idle = new Criteria().orOperator(Criteria.where("lastContactAt").lte(cutoff),
                new Criteria().andOperator(Criteria.where("lastContactAt").is(null), Criteria.where("createdAt").lte(cutoff)));
        List<Lead> page = page(tenant, idle, step);
        int fired = 0;
        for (Lead lead : page) {
            Instant idleSince = lead.lastContactAt() != null ? lead.lastContactAt() : lead.createdAt();
            for (int d : days) {
                if (idleSince == null || idleSince.isAfter(asOf.minus(Duration.ofDays(d)))) {
                    continue;
                }
                Map<String, Object> variables = new LinkedHashMap<>();
                variables.put("days", d);
                variables.put("idleSince", idleSince.toString());
                Map<String, Object> request = new LinkedHashMap<>();
                request.put("leadId", lead.id());
                request.put("variables", variables);
                TriggerDispatcher.Dispatched dispatched = dispatcher.getObject().dispatch(new TriggerInput(
                        tenant.clientCode(), null, AutomationRule.NO_CONTACT, SOURCE, lead.id(), variables, null, null,
                        null, 0, 0, null), "no_contact:" + d + ":" + lead.id() + ":" + idleSince.toEpochMilli(), request);
                if (!dispatched.duplicate()) {
                    fired++;
                }
            }
        }
        return batch(step, page, fired);
    }

    @Override
    public JobBatch recalculateScores(JobStep step) {
        TenantScope tenant = tenants.scope(step.clientCode());
        Instant asOf = Instant.parse(step.asOf());
        List<Lead> page = page(tenant, new Criteria(), step);
        Map<String, Long> inbound = inboundSince(tenant, page.stream().map(Lead::id).toList(), asOf.minus(LeadScore.WINDOW));
        Map<String, Optional<Pipeline>> pipelines = new HashMap<>();
        int changed = 0;
        for (Lead lead : page) {
            Optional<Pipeline> pipeline = lead.pipelineId() == null ? Optional.empty()
                    : pipelines.computeIfAbsent(lead.pipelineId(), id -> Pipelines.find(tenant, id));
            Optional<Pipeline.Stage> stage = pipeline.flatMap(p -> p.stage(lead.stageId()));
            int score = LeadScore.of(inbound.getOrDefault(lead.id(), 0L), stage.map(Pipeline.Stage::order).orElse(0),
                    pipeline.map(p -> p.stages().size()).orElse(1), stage.map(Pipeline.Stage::name).orElse(null),
                    lead.lastInboundAt(), asOf);
            if (!Objects.equals(lead.score(), score)) {
                changed++;
            }
            // The score and when it was computed, without a lead_updated entry per lead per day.
            tenant.data().updateFirst(Query.query(Criteria.where("_id").is(lead.id())),
                    new Update().set("score", score).set("scoredAt", asOf), Lead.class);
        }
        return batch(step, page, changed);
    }

    private static List<Lead> page(TenantScope tenant, Criteria criteria, JobStep step) {
        Query query = new Query(criteria);
        if (step.cursor() != null) {
            query.addCriteria(Criteria.where("_id").gt(step.cursor()));
        }
        return tenant.data().find(query.with(Sort.by("_id")).limit(step.limit()), Lead.class);
    }

    /** Messages each lead sent since {@code since}: one read for the whole page. */
    private static Map<String, Long> inboundSince(TenantScope tenant, List<String> leadIds, Instant since) {
        Map<String, Long> counts = new HashMap<>();
        if (leadIds.isEmpty()) {
            return counts;
        }
        Query query = Query.query(Criteria.where("leadId").in(leadIds).and("direction").is(Message.INBOUND)
                .and("createdAt").gte(since));
        tenant.data().find(query, Message.class).forEach(m -> counts.merge(m.leadId(), 1L, Long::sum));
        return counts;
    }

    private static JobBatch batch(JobStep step, List<Lead> page, int acted) {
        String next = page.isEmpty() ? step.cursor() : page.get(page.size() - 1).id();
        return new JobBatch(next, page.size() < step.limit(), page.size(), acted);
    }
}
