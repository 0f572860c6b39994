package io.leadflow.workflows.support;

import io.leadflow.contracts.sequence.SequenceInput;
import io.leadflow.contracts.sequence.SequenceStarts;
import io.leadflow.contracts.sequence.SequenceStatus;
import io.leadflow.contracts.sequence.SequenceWorkflow;
import io.leadflow.contracts.temporal.LeadflowSearchAttributes;
import io.leadflow.contracts.trigger.TriggerInput;
import io.leadflow.contracts.trigger.TriggerWorkflow;
import io.leadflow.workflows.sequence.SequenceDefinition;
import io.leadflow.workflows.sequence.SequenceRegistry;
import io.leadflow.workflows.sequence.SequenceWorkflowImpl;
import io.leadflow.workflows.sequences.AppointmentReminder;
import io.leadflow.workflows.sequences.LeadNurture;
import io.leadflow.workflows.trigger.TriggerWorkflowImpl;
import io.leadflow.workflows.broadcast.BroadcastWorkflowImpl;
import io.leadflow.workflows.inbound.InboundWorkflowImpl;
import io.leadflow.workflows.inbox.InboxReplyWorkflowImpl;
import io.leadflow.workflows.job.NoContactJobWorkflowImpl;
import io.leadflow.workflows.job.ScoreJobWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A time-skipping Temporal test environment with Leadflow's workflows registered, the search attributes the server
 * would have, recording fakes for every activity, and the two example code sequences in the registry.
 */
public final class WorkflowTestKit implements AutoCloseable {

    public static final String QUEUE = "test-leadflow";

    /** The inbound-messaging workflows (their own types: inbound, inbox reply, broadcast, scheduled jobs). */
    public static final Class<?>[] MESSAGING_WORKFLOWS = {InboundWorkflowImpl.class, InboxReplyWorkflowImpl.class,
            BroadcastWorkflowImpl.class, NoContactJobWorkflowImpl.class, ScoreJobWorkflowImpl.class};

    public final TestWorkflowEnvironment env;
    public final WorkflowClient client;
    public final FakeActions actions;
    public final FakeBookkeeping bookkeeping = new FakeBookkeeping();
    public final FakeMessaging messaging = new FakeMessaging();
    public final SequenceRegistry registry;
    private final Worker worker;

    public WorkflowTestKit(Object... moreActivities) {
        this(Instant.parse("2026-12-01T10:00:00Z"), List.of(), moreActivities);
    }

    public WorkflowTestKit(Instant start, List<SequenceDefinition> extraDefinitions, Object... moreActivities) {
        TestEnvironmentOptions.Builder options = TestEnvironmentOptions.newBuilder()
                .setInitialTime(start);
        LeadflowSearchAttributes.ALL.forEach(options::registerSearchAttribute);
        env = TestWorkflowEnvironment.newInstance(options.build());
        actions = new FakeActions(env);
        List<SequenceDefinition> definitions = new ArrayList<>(List.of(new AppointmentReminder(), new LeadNurture()));
        definitions.addAll(extraDefinitions);
        registry = new SequenceRegistry(definitions);
        worker = env.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(TriggerWorkflowImpl.class);
        worker.registerWorkflowImplementationFactory(SequenceWorkflow.class, () -> new SequenceWorkflowImpl(registry));
        worker.registerWorkflowImplementationTypes(MESSAGING_WORKFLOWS);
        List<Object> activities = new ArrayList<>(List.of(actions, bookkeeping, messaging));
        activities.addAll(List.of(moreActivities));
        worker.registerActivitiesImplementations(activities.toArray());
        client = env.getWorkflowClient();
        env.start();
    }

    /** Starts a sequence as the engine would: its deterministic ID, search attributes, summary. */
    public SequenceWorkflow startSequence(SequenceInput input) {
        SequenceWorkflow workflow = client.newWorkflowStub(SequenceWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE)
                .setWorkflowId(SequenceStarts.workflowId(input))
                .setTypedSearchAttributes(SequenceStarts.searchAttributes(input))
                .setStaticSummary(SequenceStarts.summary(input))
                .build());
        WorkflowClient.start(workflow::run, input);
        return workflow;
    }

    /** Starts any workflow of this kit by its interface, under {@code workflowId}, with ClientCode set. */
    public <T> T start(Class<T> type, String workflowId, String clientCode) {
        return client.newWorkflowStub(type, WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE)
                .setWorkflowId(workflowId)
                .setTypedSearchAttributes(LeadflowSearchAttributes.of(clientCode, null, null, null))
                .build());
    }

    public TriggerWorkflow startTrigger(TriggerInput input) {
        TriggerWorkflow workflow = client.newWorkflowStub(TriggerWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE)
                .setWorkflowId("trigger:" + input.clientCode() + ":" + input.eventLogId())
                .setTypedSearchAttributes(LeadflowSearchAttributes.of(input.clientCode(), input.leadId(), input.trigger(), null))
                .build());
        WorkflowClient.start(workflow::run, input);
        return workflow;
    }

    public static SequenceStatus result(SequenceWorkflow workflow) {
        return WorkflowStub.fromTyped(workflow).getResult(SequenceStatus.class);
    }

    public WorkflowExecutionHistory history(String workflowId) {
        return client.fetchHistory(workflowId);
    }

    /** A search attribute of the sequence's latest run, as the Temporal UI filters on it. */
    public <T> T attribute(String workflowId, io.temporal.common.SearchAttributeKey<T> key) {
        var attributes = client.newUntypedWorkflowStub(workflowId).describe().getTypedSearchAttributes();
        return attributes.containsKey(key) ? attributes.get(key) : null;
    }

    @Override
    public void close() {
        env.close();
    }
}
