package io.leadflow.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackEnvFileTest {

    @Test
    void valuesAreSingleQuotedForTheShell_evenWithQuotesInside() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("API_URL", "http://localhost:8080");
        values.put("ODD", "it's");
        values.put("EMPTY", null);

        assertThat(StackEnvFile.render(values)).endsWith("API_URL='http://localhost:8080'\nODD='it'\\''s'\nEMPTY=''\n");
    }

    @Test
    void writeThenDelete_leavesNoFileBehind(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stack.env");

        StackEnvFile.write(file, Map.of("API_PID", "42"));
        assertThat(Files.readString(file)).contains("API_PID='42'");
        assertThat(dir.resolve("stack.env.tmp")).doesNotExist();

        StackEnvFile.delete(file);
        assertThat(file).doesNotExist();
    }
}
