package io.leadflow.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * {@code <data>/stack.env}: written once the stack is ready and deleted when it stops, so scripts (e2e.sh)
 * can wait for it and {@code source} it for addresses, credentials and process ids. The demo tenant's keys are
 * {@code DEMO_API_KEY} (the secret key, as it always was) and {@code DEMO_PUBLISHABLE_KEY}; {@code ADMIN_TOKEN} is
 * valid for 12 hours.
 */
final class StackEnvFile {

    private StackEnvFile() {
    }

    /** {@code KEY='value'} lines; single quotes inside a value are closed, escaped and reopened. */
    static String render(Map<String, String> values) {
        StringBuilder out = new StringBuilder("# Written by the Leadflow local stack while it runs; deleted when it stops.\n");
        values.forEach((key, value) -> out.append(key).append("='")
                .append(value == null ? "" : value.replace("'", "'\\''")).append("'\n"));
        return out.toString();
    }

    /** Written to a temporary file and moved, so a script polling for it never reads half a file. */
    static void write(Path file, Map<String, String> values) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, render(values));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale file is overwritten by the next start
        }
    }
}
