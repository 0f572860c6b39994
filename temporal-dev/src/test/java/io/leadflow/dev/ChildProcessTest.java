package io.leadflow.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@DisabledOnOs(OS.WINDOWS)
class ChildProcessTest {

    @Test
    @Timeout(30)
    void stoppingAChild_alsoStopsWhatItStarted_andItsOutputIsInTheLog(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("logs/child.log");
        // A shell that starts a grandchild and then waits: the shape of a launcher script.
        ChildProcess child = ChildProcess.start("child", List.of("sh", "-c", "echo \"hello $GREETING\"; sleep 300 & wait"),
                Map.of("GREETING", "stack"), log, line -> false);
        awaitDescendant(child);
        List<ProcessHandle> descendants = ProcessHandle.of(child.pid()).orElseThrow().descendants().toList();

        child.awaitStop(child.requestStop(), Duration.ofSeconds(10));

        assertThat(child.isAlive()).isFalse();
        assertThat(descendants).isNotEmpty();
        descendants.forEach(grandchild -> grandchild.onExit().join());
        assertThat(Files.readString(log)).contains("hello stack");
    }

    @Test
    void aPreviousLog_isKeptAsPreviousLog(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("api.log");
        Files.writeString(log, "last run");

        ChildProcess child = ChildProcess.start("api", List.of("sh", "-c", "echo this run"), Map.of(), log, line -> false);
        child.onExit().join();

        assertThat(Files.readString(dir.resolve("api.previous.log"))).isEqualTo("last run");
    }

    private static void awaitDescendant(ChildProcess child) throws InterruptedException {
        for (int i = 0; i < 100 && ProcessHandle.of(child.pid()).orElseThrow().descendants().findAny().isEmpty(); i++) {
            Thread.sleep(50);
        }
    }
}
