package io.leadflow.shared.rule;

import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.tenant.TenantScope;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * A tenant's automation rules ({@code automation_rules}). Rules come in already validated by
 * {@link RuleParser}; every edit bumps {@code version} (an edit that raced another is refused with
 * {@code CONFLICT} rather than lost). Running sequences keep the snapshot they were enrolled with.
 */
public class RuleStore {

    /** How many (tenant, trigger) lists the match cache keeps; the least recently used go first. */
    private static final int CACHE_ENTRIES = 10_000;

    private final java.time.Duration cacheTtl;
    private final Map<String, Cached> cache = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                    return size() > CACHE_ENTRIES;
                }
            });

    /** Active rules of one trigger as read at {@code at}. */
    private record Cached(List<AutomationRule> rules, long at) {
    }

    /** A store whose rule matching reads the database every time. */
    public RuleStore() {
        this(java.time.Duration.ZERO);
    }

    /**
     * @param cacheTtl how long the active rules of a trigger are served from memory: every event of a trigger
     *     reads them, and rules change rarely. Edits through this store take effect at once here; another process
     *     sees them within the TTL.
     */
    public RuleStore(java.time.Duration cacheTtl) {
        this.cacheTtl = cacheTtl;
    }

    /** Indexes of the rules collection; safe to call repeatedly. */
    public static void ensureIndexes(TenantScope tenant) {
        tenant.data().indexOps(AutomationRule.class).createIndex(new Index().on("clientCode", Sort.Direction.ASC)
                .on("trigger", Sort.Direction.ASC).on("isActive", Sort.Direction.ASC));
    }

    /** Stores a new rule as version 1. */
    public AutomationRule create(TenantScope tenant, AutomationRule parsed) {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        AutomationRule created = tenant.data().insert(new AutomationRule(null, tenant.clientCode(), parsed.name(),
                parsed.description(), parsed.trigger(), parsed.isActive(), parsed.condition(), parsed.steps(),
                parsed.exitOn(), parsed.reEnrollment(), parsed.sendWindow(), parsed.sequence(), 1, now, now,
                parsed.params()));
        forget(tenant);
        return created;
    }

    public Optional<AutomationRule> find(TenantScope tenant, String id) {
        return tenant.data().findById(id, AutomationRule.class);
    }

    /** The rule, or {@code RULE_NOT_FOUND} (also for other tenants' rules). */
    public AutomationRule get(TenantScope tenant, String id) {
        return find(tenant, id).orElseThrow(() -> LeadflowException.notFound(ErrorCode.RULE_NOT_FOUND, "rule", id));
    }

    /** Rules, oldest first, optionally only those of one trigger and/or activity state. */
    public List<AutomationRule> list(TenantScope tenant, String trigger, Boolean isActive) {
        Query query = new Query();
        if (trigger != null && !trigger.isBlank()) {
            query.addCriteria(Criteria.where("trigger").is(trigger.trim()));
        }
        if (isActive != null) {
            query.addCriteria(Criteria.where("isActive").is(isActive));
        }
        return tenant.data().find(query.with(oldestFirst()), AutomationRule.class);
    }

    /** The active rules of a trigger, oldest first (a stable order, so enrollment order is reproducible). */
    public List<AutomationRule> activeRulesFor(TenantScope tenant, String trigger) {
        if (cacheTtl.isZero()) {
            return list(tenant, trigger, Boolean.TRUE);
        }
        String key = tenant.clientCode() + "\u0000" + trigger;
        long now = System.nanoTime();
        Cached cached = cache.get(key);
        if (cached != null && now - cached.at() < cacheTtl.toNanos()) {
            return cached.rules();
        }
        List<AutomationRule> rules = List.copyOf(list(tenant, trigger, Boolean.TRUE));
        cache.put(key, new Cached(rules, now));
        return rules;
    }

    private void forget(TenantScope tenant) {
        String prefix = tenant.clientCode() + "\u0000";
        synchronized (cache) {
            cache.keySet().removeIf(key -> key.startsWith(prefix));
        }
    }

    /** Replaces the rule's content with {@code parsed} as the next version. */
    public AutomationRule replace(TenantScope tenant, String id, AutomationRule parsed) {
        AutomationRule current = get(tenant, id);
        return write(tenant, current, parsed);
    }

    /** Applies a PATCH body (validated by {@link RuleParser#merge}) as the next version. */
    public AutomationRule patch(TenantScope tenant, String id, Map<String, ?> patch) {
        AutomationRule current = get(tenant, id);
        return write(tenant, current, RuleParser.merge(current, patch));
    }

    public void delete(TenantScope tenant, String id) {
        AutomationRule rule = get(tenant, id);
        tenant.data().delete(Query.query(Criteria.where("_id").is(rule.id())), AutomationRule.class);
        forget(tenant);
    }

    private AutomationRule write(TenantScope tenant, AutomationRule current, AutomationRule next) {
        Update update = new Update()
                .set("name", next.name())
                .set("trigger", next.trigger())
                .set("isActive", next.isActive())
                .set("steps", next.steps())
                .set("exitOn", next.exitOn())
                .set("reEnrollment", next.reEnrollment())
                .set("version", current.version() + 1)
                .set("updatedAt", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        setOrUnset(update, "description", next.description());
        setOrUnset(update, "condition", next.condition());
        setOrUnset(update, "sendWindow", next.sendWindow());
        setOrUnset(update, "sequence", next.sequence());
        setOrUnset(update, "params", next.params() == null || next.params().isEmpty() ? null : next.params());
        AutomationRule written = tenant.data().findAndModify(Query.query(Criteria.where("_id").is(current.id())
                        .and("version").is(current.version())), update, AutomationRule.class)
                .orElseThrow(() -> new LeadflowException(ErrorCode.CONFLICT,
                        "rule '" + current.id() + "' was changed or deleted meanwhile; read it again and retry"));
        forget(tenant);
        return written;
    }

    private static void setOrUnset(Update update, String field, Object value) {
        if (value == null) {
            update.unset(field);
        } else {
            update.set(field, value);
        }
    }

    private static Sort oldestFirst() {
        return Sort.by(Sort.Direction.ASC, "createdAt").and(Sort.by(Sort.Direction.ASC, "_id"));
    }
}
