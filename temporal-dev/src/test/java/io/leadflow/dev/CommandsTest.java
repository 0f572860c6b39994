package io.leadflow.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandsTest {

    private static final Path CHECKOUT = Path.of("/src/leadflow");
    private static final Path JAVA = Path.of("/jdk/bin/java");

    @Test
    void cliDevServer_keepsStateInTheDataDir_onLoopback_inWalMode_withTheSearchAttributes() {
        StackSettings settings = StackSettings.parse(List.of("--temporal-cli=/bin/temporal"), Map.of(), CHECKOUT);

        List<String> command = Commands.temporalCli(Path.of("/bin/temporal"), settings);

        assertThat(String.join(" ", command)).isEqualTo("/bin/temporal server start-dev --ip 127.0.0.1"
                + " --port 7233 --ui-port 8233 --db-filename /src/leadflow/.data/temporal/temporal.db --namespace default"
                + " --sqlite-pragma journal_mode=wal --sqlite-pragma synchronous=normal"
                + " --search-attribute ClientCode=Keyword --search-attribute LeadId=Keyword"
                + " --search-attribute NextWakeAt=Datetime --search-attribute RuleId=Keyword"
                + " --search-attribute SequenceName=Keyword --search-attribute SequenceStatus=Keyword"
                + " --search-attribute SequenceStep=Keyword --search-attribute Trigger=Keyword");
    }

    @Test
    void dynamicConfigForTuningRuns_reachesTheDevServer() {
        StackSettings settings = StackSettings.parse(List.of("--temporal-cli=/bin/temporal"),
                Map.of("LEADFLOW_TEMPORAL_DYNAMIC_CONFIG", "matching.numTaskqueueReadPartitions=1  history.timerProcessorMaxPollInterval=1s"),
                CHECKOUT);

        List<String> command = Commands.temporalCli(Path.of("/bin/temporal"), settings);

        assertThat(String.join(" ", command)).contains("--dynamic-config-value matching.numTaskqueueReadPartitions=1"
                + " --dynamic-config-value history.timerProcessorMaxPollInterval=1s --search-attribute");
    }

    @Test
    void javaTestServer_fromTheFatJar_runsTheJarsTestServerSubCommand() {
        List<String> command = Commands.javaTestServer(JAVA, "/src/leadflow/temporal-dev/target/leadflow-dev-exec.jar", 7233);

        assertThat(command).containsExactly("/jdk/bin/java", "-jar", "/src/leadflow/temporal-dev/target/leadflow-dev-exec.jar",
                "test-server", "7233");
    }

    @Test
    void javaTestServer_fromAnIdeClassPath_namesTheMainClass() {
        String classPath = "/src/leadflow/temporal-dev/target/classes" + File.pathSeparator + "/m2/temporal-test-server.jar";

        List<String> command = Commands.javaTestServer(JAVA, classPath, 17233);

        assertThat(command).containsExactly("/jdk/bin/java", "-cp", classPath, "io.leadflow.dev.LocalStack",
                "test-server", "17233");
    }

    @Test
    void embeddedStore_runsTheJarsStoreSubCommand_withItsPortAndDirectory() {
        List<String> command = Commands.embeddedStore(JAVA, "/src/leadflow/temporal-dev/target/leadflow-dev-exec.jar",
                27027, Path.of("/src/leadflow/.data/mongo"));

        assertThat(command).containsExactly("/jdk/bin/java", "-jar", "/src/leadflow/temporal-dev/target/leadflow-dev-exec.jar",
                "embedded-store", "27027", "/src/leadflow/.data/mongo");
    }

    @Test
    void ferretdb_runsOnSqliteFilesInTheDataDir_onLoopback_withoutTelemetry() {
        List<String> command = Commands.ferretdb(Path.of("/bin/ferretdb"), 27027, Path.of("/src/leadflow/.data/ferretdb"));

        assertThat(command).containsExactly("/bin/ferretdb", "--handler=sqlite",
                "--sqlite-url=file:/src/leadflow/.data/ferretdb/", "--state-dir=/src/leadflow/.data/ferretdb",
                "--listen-addr=127.0.0.1:27027", "--debug-addr=-", "--telemetry=disable", "--log-level=warn");
    }

    @Test
    void apps_getStoreTemporalSecretsAndLocalCallbacks() {
        StackSettings settings = StackSettings.parse(List.of(), Map.of("SERVER_PORT", "18080"), CHECKOUT);

        Map<String, String> api = Commands.apiEnvironment(settings, "mongodb://127.0.0.1:27027", true);

        assertThat(api)
                .containsEntry("MONGODB_URI", "mongodb://127.0.0.1:27027")
                .containsEntry("TEMPORAL_ADDRESS", "127.0.0.1:7233")
                .containsEntry("TEMPORAL_NAMESPACE", "default")
                .containsEntry("CORE_JWT_SECRET", StackSettings.DEV_JWT_SECRET)
                .containsEntry("SECRETS_ENCRYPTION_KEY", StackSettings.DEV_ENCRYPTION_KEY)
                .containsEntry("LEADFLOW_CHANNELS_ALLOW_PRIVATE_TARGETS", "true")
                .containsEntry("LEADFLOW_DEV_MODE", "true")
                .containsEntry("LEADFLOW_TEMPORAL_SEARCH_ATTRIBUTES", "true")
                .containsEntry("LEADFLOW_TEMPORAL_REGISTER_SEARCH_ATTRIBUTES", "false")
                .containsEntry("SERVER_PORT", "18080")
                .containsEntry("MANAGEMENT_SERVER_PORT", "8081")
                .containsEntry("MANAGEMENT_SERVER_ADDRESS", "127.0.0.1")
                .as("plain-text logs for people").containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "");
        assertThat(Commands.appEnvironment(settings, "mongodb://x", true)).doesNotContainKey("SERVER_PORT");
    }

    @Test
    void theWorkersOnlyWebServer_isItsManagementPort_onLoopback() {
        StackSettings settings = StackSettings.parse(List.of(),
                Map.of("SERVER_PORT", "18080", "LEADFLOW_WORKER_MANAGEMENT_PORT", "18082"), CHECKOUT);

        assertThat(Commands.workerEnvironment(settings, "mongodb://x", true))
                .containsEntry("MANAGEMENT_SERVER_PORT", "18082")
                .as("an exported SERVER_PORT can't move it onto the api's").containsEntry("SERVER_PORT", "18082")
                .containsEntry("SERVER_ADDRESS", "127.0.0.1");
    }

    @Test
    void whenTheServerRefusedSearchAttributes_appsAreToldToRunWithout() {
        StackSettings settings = StackSettings.parse(List.of(), Map.of(), CHECKOUT);

        assertThat(Commands.appEnvironment(settings, "mongodb://x", false))
                .containsEntry("LEADFLOW_TEMPORAL_SEARCH_ATTRIBUTES", "false");
    }

    @Test
    void withAnExternalTemporal_theWorkerRegistersSearchAttributesItself() {
        StackSettings settings = StackSettings.parse(List.of(), Map.of("TEMPORAL_ADDRESS", "temporal:7233"), CHECKOUT);

        assertThat(Commands.appEnvironment(settings, "mongodb://x", true))
                .containsEntry("TEMPORAL_ADDRESS", "temporal:7233")
                .doesNotContainKey("LEADFLOW_TEMPORAL_REGISTER_SEARCH_ATTRIBUTES");
    }

    @Test
    void springApps_runTheirExecJar() {
        assertThat(Commands.springApp(JAVA, Path.of("/w/leadflow-worker-exec.jar")))
                .containsExactly("/jdk/bin/java", "-jar", "/w/leadflow-worker-exec.jar");
    }
}
