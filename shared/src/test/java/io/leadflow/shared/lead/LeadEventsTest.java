package io.leadflow.shared.lead;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.shared.config.LeadflowProperties;
import io.leadflow.shared.client.ClientDirectory;
import io.leadflow.shared.engine.EventPlanner;
import io.leadflow.shared.engine.SequenceStarter;
import io.leadflow.shared.engine.TriggerDispatcher;
import io.leadflow.shared.rule.RuleParser;
import io.leadflow.shared.rule.RuleStore;
import io.leadflow.shared.security.SecretCipher;
import io.leadflow.shared.event.EventLog;
import io.leadflow.shared.event.EventLogs;
import io.leadflow.shared.support.EmbeddedStore;
import io.leadflow.shared.tenant.TenantScope;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Lifecycle events go through the real dispatcher as {@code crm} triggers. One nothing listens to is logged without a
 * workflow. With the workflow engine unreachable the CRM change still succeeds, and an event a rule listens to is
 * kept as {@code received} to be dispatched later.
 */
class LeadEventsTest {

    private final EmbeddedStore store = EmbeddedStore.get();
    private WorkflowServiceStubs unreachable;
    private LeadService leads;
    private RuleStore rules;
    private TenantScope acme;

    @BeforeEach
    void setUp() {
        unreachable = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:1").setRpcTimeout(Duration.ofSeconds(1)).setSystemInfoTimeout(Duration.ofMillis(300))
                .setRpcRetryOptions(RpcRetryOptions.newBuilder().setMaximumAttempts(1).setExpiration(Duration.ofSeconds(1))
                        .validateBuildWithDefaults())
                .build());
        LeadflowProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "leadflow.temporal.search-attributes", "false")))
                .bindOrCreate("leadflow", LeadflowProperties.class);
        TriggerDispatcher[] dispatcher = new TriggerDispatcher[1];
        leads = new LeadService(LeadEvents.through(() -> dispatcher[0]));
        rules = new RuleStore();
        ClientDirectory clients = new ClientDirectory(store.tenants().platform(),
                new SecretCipher("ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM="));
        WorkflowClient client = WorkflowClient.newInstance(unreachable);
        dispatcher[0] = new TriggerDispatcher(client, store.tenants(), new EventPlanner(leads, rules, clients, "UTC", io.leadflow.shared.metrics.LeadflowMetrics.standalone()),
                new SequenceStarter(client, properties), properties);
        acme = store.newTenant("engine-down");
        EventLogs.ensureIndexes(acme.central());
    }

    @AfterEach
    void tearDown() {
        unreachable.shutdownNow();
    }

    @Test
    void aLeadChangeNothingListensTo_isLoggedCompletedWithoutAWorkflow() {
        Lead lead = leads.create(acme, NewLead.contact("+15550500002", null, "Ravi", null, "test"), 0);

        assertThat(EventLogs.list(acme, null, "lead_created", lead.id(), 10)).singleElement().satisfies(event -> {
            assertThat(event.status()).isEqualTo(EventLog.COMPLETED);
            assertThat(event.workflowId()).isNull();
            assertThat(event.rulesMatched()).isZero();
            assertThat(event.history()).extracting(EventLog.StatusChange::note).last().asString()
                    .contains("no active rule or running sequence listens");
        });
    }

    @Test
    void aLeadChangeSucceedsWhileTheEngineIsDown_andAnEventARuleListensToIsKept() {
        rules.create(acme, RuleParser.parse(Map.of("name", "vip follow-up", "trigger", "tag_added",
                "steps", List.of(Map.of("action", Map.of("type", "add_tag", "params", Map.of("tag", "followed")))))));
        Lead lead = leads.create(acme, NewLead.contact("+15550500000", null, "Asha", null, "test"), 0);
        Lead tagged = leads.addTag(acme, lead.id(), "vip", 2);

        assertThat(tagged.tags()).containsExactly("vip");
        List<EventLog> events = EventLogs.list(acme, null, "tag_added", lead.id(), 10);
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.source()).isEqualTo("crm");
            assertThat(event.status()).isEqualTo(EventLog.RECEIVED);
            assertThat(event.rulesMatched()).isEqualTo(1);
        });
        EventLog tagEvent = events.get(0);
        assertThat(tagEvent.depth()).isEqualTo(2);
        assertThat(TriggerDispatcher.inputOf(tagEvent).variables()).containsEntry("tag", "vip");
        assertThat(TriggerDispatcher.inputOf(tagEvent).leadId()).isEqualTo(lead.id());
    }

    @Test
    void aChainDeeperThanTheLimitIsSuppressedByTheLoopGuard() {
        rules.create(acme, RuleParser.parse(Map.of("name", "won follow-up", "trigger", "stage_enter",
                "steps", List.of(Map.of("action", Map.of("type", "add_tag", "params", Map.of("tag", "won")))))));
        Lead lead = leads.create(acme, NewLead.contact("+15550500001", null, null, null, null), 0);

        leads.moveStage(acme, lead.id(), null, "Won", 6);

        List<EventLog> moves = EventLogs.list(acme, null, "stage_enter", lead.id(), 10);
        assertThat(moves).singleElement().satisfies(event -> {
            assertThat(event.status()).isEqualTo(EventLog.SUPPRESSED);
            assertThat(event.error().code()).isEqualTo("LOOP_GUARD");
        });
        assertThat(leads.get(acme, lead.id()).stageId()).isNotEqualTo(lead.stageId());
    }
}
