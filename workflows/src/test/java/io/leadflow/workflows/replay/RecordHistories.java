package io.leadflow.workflows.replay;

import io.leadflow.workflows.support.WorkflowTestKit;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Records the histories of scenarios that have none yet, from the current code: a new workflow type or a new scenario
 * gets its baseline, and histories already recorded are kept as they are (never re-recorded to make a failing replay
 * pass; see docs/VERSIONING.md). To start a new baseline on purpose, delete the file first.
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
            Path file = dir.resolve(scenario.getKey() + ".json");
            if (Files.exists(file)) {
                System.out.printf("kept %s (recorded before)%n", file);
                continue;
            }
            try (WorkflowTestKit kit = HistoryScenarios.kit()) {
                WorkflowExecutionHistory history = scenario.getValue().apply(kit);
                Files.writeString(file, history.toJson(true));
                System.out.printf("recorded %s (%d events)%n", file, history.getEvents().size());
            }
        }
    }
}
