package io.leadflow.workflows.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.leadflow.contracts.sequence.SequenceWorkflow;
import io.leadflow.workflows.sequence.SequenceDefinition;
import io.leadflow.workflows.sequence.SequenceRegistry;
import io.leadflow.workflows.sequence.SequenceWorkflowImpl;
import io.leadflow.workflows.sequences.AppointmentReminder;
import io.leadflow.workflows.sequences.LeadNurture;
import io.leadflow.workflows.trigger.TriggerWorkflowImpl;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every recorded history replays against the workflow code of this build: a change that would break sequences
 * already in flight fails here, before it is deployed. Histories are recorded by {@link RecordHistories}.
 */
class ReplayTest {

    static Stream<String> histories() {
        return HistoryScenarios.ALL.keySet().stream();
    }

    static WorkflowExecutionHistory load(String name) throws IOException {
        try (InputStream in = ReplayTest.class.getResourceAsStream("/histories/" + name + ".json")) {
            assertThat(in).as("recorded history %s (run RecordHistories)", name).isNotNull();
            return WorkflowExecutionHistory.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Replays {@code history} on a worker running the given code sequences and today's workflows. */
    static void replay(WorkflowExecutionHistory history, List<SequenceDefinition> definitions) throws Exception {
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            Worker worker = env.newWorker("replay");
            SequenceRegistry registry = new SequenceRegistry(definitions);
            worker.registerWorkflowImplementationTypes(TriggerWorkflowImpl.class);
            worker.registerWorkflowImplementationFactory(SequenceWorkflow.class, () -> new SequenceWorkflowImpl(registry));
            worker.registerWorkflowImplementationTypes(io.leadflow.workflows.support.WorkflowTestKit.MESSAGING_WORKFLOWS);
            WorkflowReplayer.replayWorkflowExecution(history, worker);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("histories")
    void recordedHistory_replaysAgainstTodaysCode(String name) throws Exception {
        WorkflowExecutionHistory history = load(name);

        assertThat(history.getEvents()).hasSizeGreaterThan(5);
        assertThatCode(() -> replay(history, List.of(new AppointmentReminder(), new LeadNurture())))
                .doesNotThrowAnyException();
    }

    @Test
    void everyScenarioHasARecordedHistory() {
        assertThat(histories()).allSatisfy(name ->
                assertThat(ReplayTest.class.getResource("/histories/" + name + ".json")).isNotNull());
    }
}
