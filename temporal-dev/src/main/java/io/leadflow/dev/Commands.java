package io.leadflow.dev;

import io.leadflow.contracts.temporal.LeadflowSearchAttributes;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Command lines and environments of the child processes; pure, so they can be tested without starting anything. */
final class Commands {

    private Commands() {
    }

    /**
     * {@code temporal server start-dev} on loopback with a SQLite file and Leadflow's search attributes. SQLite runs
     * in WAL mode with normal synchronisation: without it, every commit waits for a full sync and timers fire tens of
     * seconds late under load (docs/LOCAL_STACK.md); state still survives a restart.
     */
    static List<String> temporalCli(Path cli, StackSettings settings) {
        List<String> command = new ArrayList<>(List.of(
                cli.toString(), "server", "start-dev",
                "--ip", "127.0.0.1",
                "--port", Integer.toString(settings.temporalPort()),
                "--ui-port", Integer.toString(settings.temporalUiPort()),
                "--db-filename", settings.temporalDb().toString(),
                "--namespace", settings.namespace(),
                "--sqlite-pragma", "journal_mode=wal",
                "--sqlite-pragma", "synchronous=normal"));
        for (String pair : settings.temporalDynamicConfig()) {
            command.add("--dynamic-config-value");
            command.add(pair);
        }
        // Sorted so the command line is stable; re-registering the same attributes on a second start is accepted.
        for (String name : new TreeSet<>(LeadflowSearchAttributes.ALL.keySet())) {
            command.add("--search-attribute");
            command.add(name + "=" + cliType(LeadflowSearchAttributes.ALL.get(name)));
        }
        return command;
    }

    /** The CLI's name for a search attribute type ({@code Keyword}, {@code Datetime}). */
    static String cliType(io.temporal.api.enums.v1.IndexedValueType type) {
        return switch (type) {
            case INDEXED_VALUE_TYPE_DATETIME -> "Datetime";
            case INDEXED_VALUE_TYPE_INT -> "Int";
            case INDEXED_VALUE_TYPE_DOUBLE -> "Double";
            case INDEXED_VALUE_TYPE_BOOL -> "Bool";
            case INDEXED_VALUE_TYPE_TEXT -> "Text";
            case INDEXED_VALUE_TYPE_KEYWORD_LIST -> "KeywordList";
            default -> "Keyword";
        };
    }

    /**
     * The Java test server in a JVM of its own, through this launcher's {@code test-server} sub-command. Started
     * with {@code java -jar}, the class path is the single fat jar, whose classes only its own launcher can load.
     */
    static List<String> javaTestServer(Path javaBin, String classPath, int port) {
        List<String> command = launcherCommand(javaBin, classPath);
        command.addAll(List.of(LocalStack.TEST_SERVER_COMMAND, Integer.toString(port)));
        return command;
    }

    /** This launcher again, ready for a sub-command's arguments. */
    private static List<String> launcherCommand(Path javaBin, String classPath) {
        List<String> command = new ArrayList<>(List.of(javaBin.toString()));
        if (!classPath.contains(File.pathSeparator) && classPath.endsWith(".jar")) {
            command.addAll(List.of("-jar", classPath));
        } else {
            command.addAll(List.of("-cp", classPath, LocalStack.class.getName()));
        }
        return command;
    }

    /** The embedded store in a JVM of its own, through this launcher's {@code embedded-store} sub-command. */
    static List<String> embeddedStore(Path javaBin, String classPath, int port, Path dir) {
        List<String> command = launcherCommand(javaBin, classPath);
        command.addAll(List.of(LocalStack.EMBEDDED_STORE_COMMAND, Integer.toString(port), dir.toString()));
        return command;
    }

    /**
     * FerretDB on SQLite on loopback; its files (and its state.json) live in {@code dir}, the trailing slash making
     * the URL a directory. No debug listener: its fixed port 8088 would collide between two stacks.
     */
    static List<String> ferretdb(Path binary, int port, Path dir) {
        return List.of(binary.toString(), "--handler=sqlite", "--sqlite-url=file:" + dir + "/",
                "--state-dir=" + dir, "--listen-addr=127.0.0.1:" + port, "--debug-addr=-", "--telemetry=disable",
                "--log-level=warn");
    }

    static List<String> springApp(Path javaBin, Path jar) {
        return List.of(javaBin.toString(), "-jar", jar.toString());
    }

    /**
     * What worker and api both need; added on top of the launcher's own environment, so any other setting a
     * developer exports still reaches the apps.
     */
    static Map<String, String> appEnvironment(StackSettings settings, String mongoUri, boolean searchAttributes) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MONGODB_URI", mongoUri);
        env.put("TEMPORAL_ADDRESS", settings.temporalAddress());
        env.put("TEMPORAL_NAMESPACE", settings.namespace());
        env.put("CORE_JWT_SECRET", settings.jwtSecret());
        env.put("SECRETS_ENCRYPTION_KEY", settings.encryptionKey());
        // A developer machine: the apps may start with the public development secrets (they refuse to otherwise).
        env.put("LEADFLOW_DEV_MODE", "true");
        // Local development: callbacks to a receiver on localhost must be allowed.
        env.put("LEADFLOW_CHANNELS_ALLOW_PRIVATE_TARGETS", "true");
        env.put("LEADFLOW_TEMPORAL_SEARCH_ATTRIBUTES", Boolean.toString(searchAttributes));
        // Plain text on the console and in .data/logs, for people (the apps' default is JSON lines, for collectors).
        env.put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "");
        if (settings.temporalMode() != TemporalMode.EXTERNAL) {
            // The stack registered them already; the Java test server would refuse the worker's listing call.
            env.put("LEADFLOW_TEMPORAL_REGISTER_SEARCH_ATTRIBUTES", "false");
        }
        return env;
    }

    static Map<String, String> apiEnvironment(StackSettings settings, String mongoUri, boolean searchAttributes) {
        Map<String, String> env = appEnvironment(settings, mongoUri, searchAttributes);
        env.put("SERVER_PORT", Integer.toString(settings.apiPort()));
        // Actuator with details and Prometheus, on loopback: nothing on this machine's network can read them.
        env.put("MANAGEMENT_SERVER_PORT", Integer.toString(settings.apiManagementPort()));
        env.put("MANAGEMENT_SERVER_ADDRESS", "127.0.0.1");
        return env;
    }

    /** The worker's only web server is its management port; SERVER_PORT too, so an exported one can't move it. */
    static Map<String, String> workerEnvironment(StackSettings settings, String mongoUri, boolean searchAttributes) {
        Map<String, String> env = appEnvironment(settings, mongoUri, searchAttributes);
        String port = Integer.toString(settings.workerManagementPort());
        env.put("MANAGEMENT_SERVER_PORT", port);
        env.put("SERVER_PORT", port);
        env.put("SERVER_ADDRESS", "127.0.0.1");
        return env;
    }
}
