package io.leadflow.shared.rule;

import static io.leadflow.shared.rule.RuleParserTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.support.EmbeddedStore;
import io.leadflow.shared.tenant.TenantScope;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RuleStoreTest {

    private final EmbeddedStore store = EmbeddedStore.get();
    private final RuleStore rules = new RuleStore();
    private TenantScope acme;

    @BeforeEach
    void newTenant() {
        acme = store.newTenant("rules");
        RuleStore.ensureIndexes(acme);
    }

    private static AutomationRule rule(String name, String trigger, boolean active) {
        return RuleParser.parse(json("""
                {"name": "%s", "trigger": "%s", "isActive": %s,
                 "condition": {"all": [{"fact": "lead.dealValue", "operator": "greaterThan", "value": 2000.5},
                                       {"fact": "lead.tags", "operator": "in", "value": ["vip", 3, true]},
                                       {"fact": "lead.email", "operator": "exists", "value": true}]},
                 "steps": [{"delay": {"value": 1, "unit": "days"}, "waitUntil": {"time": "09:00", "timezone": "Asia/Kolkata"},
                            "action": {"type": "webhook", "params": {"url": "https://h.example.com", "payload": {"n": [1, {"v": "{{lead.score}}"}]}}}},
                           {"waitFor": {"events": ["lead_replied"], "timeout": {"value": 2, "unit": "days"}}, "action": {"type": "none"}}],
                 "exitOn": ["tag_added:customer"],
                 "sendWindow": {"days": ["MON"], "start": "09:00", "end": "18:00"}}""".formatted(name, trigger, active)));
    }

    private static ErrorCode codeOf(Throwable e) {
        return ((LeadflowException) e).code();
    }

    @Test
    void aStoredRuleReadsBackExactlyAsParsed() {
        AutomationRule parsed = rule("Big deals", "demo_booked", true);

        AutomationRule stored = rules.create(acme, parsed);
        AutomationRule read = rules.get(acme, stored.id());

        assertThat(read.version()).isEqualTo(1);
        assertThat(read.clientCode()).isEqualTo(acme.clientCode());
        assertThat(read.createdAt()).isEqualTo(read.updatedAt()).isNotNull();
        assertThat(read.condition()).isEqualTo(parsed.condition());
        assertThat(read.steps()).isEqualTo(parsed.steps());
        assertThat(read.sendWindow()).isEqualTo(parsed.sendWindow());
        assertThat(read).isEqualTo(stored);
    }

    @Test
    void everyEditBumpsTheVersion() {
        AutomationRule stored = rules.create(acme, rule("A", "demo_booked", true));

        AutomationRule replaced = rules.replace(acme, stored.id(), rule("A2", "demo_booked", true));
        AutomationRule patched = rules.patch(acme, stored.id(), Map.of("isActive", false));

        assertThat(replaced.version()).isEqualTo(2);
        assertThat(replaced.name()).isEqualTo("A2");
        assertThat(patched.version()).isEqualTo(3);
        assertThat(patched.isActive()).isFalse();
        assertThat(patched.name()).isEqualTo("A2");
        assertThat(patched.createdAt()).isEqualTo(stored.createdAt());
        assertThat(patched.updatedAt()).isAfterOrEqualTo(stored.updatedAt());
    }

    @Test
    void clearingOptionalPartsRemovesThem() {
        AutomationRule stored = rules.create(acme, rule("A", "demo_booked", true));
        Map<String, Object> clear = new java.util.HashMap<>();
        clear.put("condition", null);
        clear.put("sendWindow", null);

        AutomationRule patched = rules.patch(acme, stored.id(), clear);

        assertThat(patched.condition()).isNull();
        assertThat(patched.sendWindow()).isNull();
        assertThat(rules.get(acme, stored.id()).condition()).isNull();
    }

    @Test
    void theEngineGetsOnlyActiveRulesOfItsTriggerOldestFirst() {
        AutomationRule first = rules.create(acme, rule("first", "demo_booked", true));
        rules.create(acme, rule("paused", "demo_booked", false));
        rules.create(acme, rule("other", "lead_created", true));
        AutomationRule second = rules.create(acme, rule("second", "demo_booked", true));

        assertThat(rules.activeRulesFor(acme, "demo_booked")).extracting(AutomationRule::id)
                .containsExactly(first.id(), second.id());
        assertThat(rules.list(acme, null, false)).extracting(AutomationRule::name).containsExactly("paused");
        assertThat(rules.list(acme, null, null)).hasSize(4);
    }

    @Test
    void rulesOfAnotherTenantDoNotExistForThisOne() {
        AutomationRule stored = rules.create(acme, rule("A", "demo_booked", true));
        TenantScope globex = store.newTenant("globex");

        assertThat(rules.find(globex, stored.id())).isEmpty();
        assertThat(rules.activeRulesFor(globex, "demo_booked")).isEmpty();
        assertThatThrownBy(() -> rules.patch(globex, stored.id(), Map.of("isActive", false)))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.RULE_NOT_FOUND));
        assertThatThrownBy(() -> rules.delete(globex, stored.id()))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.RULE_NOT_FOUND));
        assertThat(rules.get(acme, stored.id()).version()).isEqualTo(1);
    }

    @Test
    void deletedRulesAreGone() {
        AutomationRule stored = rules.create(acme, rule("A", "demo_booked", true));

        rules.delete(acme, stored.id());

        assertThat(rules.find(acme, stored.id())).isEmpty();
        assertThat(rules.list(acme, null, null)).isEmpty();
    }

    @Test
    void anEditBasedOnAStaleVersionIsAConflictNotALostUpdate() throws Exception {
        AutomationRule stored = rules.create(acme, rule("A", "demo_booked", true));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Callable<Object>> edits = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int n = i;
                edits.add(() -> {
                    try {
                        return rules.patch(acme, stored.id(), Map.of("description", "edit " + n));
                    } catch (LeadflowException e) {
                        return e.code();
                    }
                });
            }
            long applied = 0;
            for (var result : pool.invokeAll(edits)) {
                Object outcome = result.get();
                assertThat(outcome).satisfiesAnyOf(o -> assertThat(o).isInstanceOf(AutomationRule.class),
                        o -> assertThat(o).isEqualTo(ErrorCode.CONFLICT));
                applied += outcome instanceof AutomationRule ? 1 : 0;
            }

            assertThat(rules.get(acme, stored.id()).version()).isEqualTo(1 + applied);
        } finally {
            pool.shutdownNow();
        }
    }
}
