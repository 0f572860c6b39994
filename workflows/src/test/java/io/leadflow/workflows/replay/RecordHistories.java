package io.leadflow.workflows.replay;

import io.leadflow.workflows.support.WorkflowTestKit;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Records the replay histories again from the current code: run it only when a change is meant to start a new
 * baseline (a new workflow type, or a new scenario), never to make a failing replay pass. See docs/VERSIONING.md.
 *
 * <pre>./mvnw -B -q -pl contracts,workflows -Precord-histories process-test-classes</pre>
 */
public final class RecordHistories {

    private RecordHistories() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/histories");
        Files.createDirectories(dir);
        for (Map.Entry<String, Function<WorkflowTestKit, WorkflowExecutionHistory>> scenario : HistoryScenarios.ALL.entrySet()) {
            try (WorkflowTestKit kit = HistoryScenarios.kit()) {
                WorkflowExecutionHistory history = scenario.getValue().apply(kit);
                Path file = dir.resolve(scenario.getKey() + ".json");
                Files.writeString(file, history.toJson(true));
                System.out.printf("recorded %s (%d events)%n", file, history.getEvents().size());
            }
        }
    }
}
