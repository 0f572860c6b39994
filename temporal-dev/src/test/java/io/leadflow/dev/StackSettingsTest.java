package io.leadflow.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackSettingsTest {

    private static final Path CHECKOUT = Path.of("/src/leadflow");

    @Test
    void withNothingSet_stackUsesDevDefaultsAndTheJavaTestServer() {
        StackSettings settings = StackSettings.parse(List.of(), Map.of(), CHECKOUT);

        assertThat(settings.root()).isEqualTo(CHECKOUT);
        assertThat(settings.dataDir()).isEqualTo(CHECKOUT.resolve(".data"));
        assertThat(settings.temporalMode()).isEqualTo(TemporalMode.JAVA_TEST_SERVER);
        assertThat(settings.temporalAddress()).isEqualTo("127.0.0.1:7233");
        assertThat(settings.temporalUiPort()).isEqualTo(8233);
        assertThat(settings.namespace()).isEqualTo("default");
        assertThat(settings.apiPort()).isEqualTo(8080);
        assertThat(settings.apiManagementPort()).isEqualTo(8081);
        assertThat(settings.workerManagementPort()).isEqualTo(8082);
        assertThat(settings.mongoPort()).isEqualTo(27027);
        assertThat(settings.externalMongoUri()).isEmpty();
        assertThat(settings.store()).isEqualTo(StoreMode.EMBEDDED);
        assertThat(settings.mongoUri()).isEqualTo("mongodb://127.0.0.1:27027");
        assertThat(settings.mongoDir()).isEqualTo(CHECKOUT.resolve(".data/mongo"));
        assertThat(settings.restartBudget()).isEqualTo(5);
        assertThat(settings.jwtSecret()).isEqualTo(StackSettings.DEV_JWT_SECRET);
        assertThat(settings.encryptionKey()).isEqualTo(StackSettings.DEV_ENCRYPTION_KEY);
        assertThat(settings.startupTimeout()).isEqualTo(Duration.ofSeconds(180));
        assertThat(settings.searchAttributes()).isTrue();
        assertThat(settings.workerJar()).isEqualTo(CHECKOUT.resolve("worker/target/leadflow-worker-exec.jar"));
        assertThat(settings.apiJar()).isEqualTo(CHECKOUT.resolve("api/target/leadflow-api-exec.jar"));
    }

    @Test
    void startScriptOptions_pointAtTheCheckoutAndTheCli() {
        StackSettings settings = StackSettings.parse(
                List.of("--root=" + CHECKOUT, "--temporal-cli=/opt/bin/temporal"), Map.of(), Path.of("/tmp"));

        assertThat(settings.root()).isEqualTo(CHECKOUT);
        assertThat(settings.dataDir()).isEqualTo(CHECKOUT.resolve(".data"));
        assertThat(settings.temporalMode()).isEqualTo(TemporalMode.CLI);
        assertThat(settings.temporalCli()).contains(Path.of("/opt/bin/temporal"));
    }

    @Test
    void anEmptyCliOption_meansNoCliWasFound() {
        StackSettings settings = StackSettings.parse(List.of("--temporal-cli="), Map.of(), CHECKOUT);

        assertThat(settings.temporalMode()).isEqualTo(TemporalMode.JAVA_TEST_SERVER);
    }

    @Test
    void temporalAddressInTheEnvironment_winsOverAnyCli() {
        StackSettings settings = StackSettings.parse(List.of("--temporal-cli=/opt/bin/temporal"),
                Map.of("TEMPORAL_ADDRESS", "temporal.internal:7233", "TEMPORAL_NAMESPACE", "crm"), CHECKOUT);

        assertThat(settings.temporalMode()).isEqualTo(TemporalMode.EXTERNAL);
        assertThat(settings.temporalAddress()).isEqualTo("temporal.internal:7233");
        assertThat(settings.namespace()).isEqualTo("crm");
    }

    @Test
    void environment_movesPortsDataDirAndSecrets() {
        StackSettings settings = StackSettings.parse(List.of(), Map.of(
                "LEADFLOW_DATA_DIR", "/tmp/e2e/data",
                "SERVER_PORT", "18080",
                "LEADFLOW_TEMPORAL_PORT", "17233",
                "LEADFLOW_EMBEDDED_MONGO_PORT", "17017",
                "MONGODB_URI", "mongodb://db:27017",
                "CORE_JWT_SECRET", "a-secret-that-is-at-least-32-bytes-long",
                "LEADFLOW_STARTUP_TIMEOUT", "300",
                "LEADFLOW_TEMPORAL_SEARCH_ATTRIBUTES", "false"), CHECKOUT);

        assertThat(settings.dataDir()).isEqualTo(Path.of("/tmp/e2e/data"));
        assertThat(settings.apiPort()).isEqualTo(18080);
        assertThat(settings.temporalPort()).isEqualTo(17233);
        assertThat(settings.temporalUiPort()).as("UI follows the gRPC port").isEqualTo(18233);
        assertThat(settings.mongoPort()).isEqualTo(17017);
        assertThat(settings.externalMongoUri()).contains("mongodb://db:27017");
        assertThat(settings.jwtSecret()).isEqualTo("a-secret-that-is-at-least-32-bytes-long");
        assertThat(settings.startupTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(settings.searchAttributes()).isFalse();
    }

    @Test
    void dataDirOption_winsOverTheEnvironment_andIsResolvedAgainstTheWorkingDirectory() {
        StackSettings settings = StackSettings.parse(List.of("--data-dir=state"),
                Map.of("LEADFLOW_DATA_DIR", "/elsewhere"), Path.of("/home/dev"));

        assertThat(settings.dataDir()).isEqualTo(Path.of("/home/dev/state"));
    }

    @Test
    void blankVariables_countAsUnset() {
        StackSettings settings = StackSettings.parse(List.of(), Map.of("TEMPORAL_ADDRESS", " ", "MONGODB_URI", ""), CHECKOUT);

        assertThat(settings.temporalMode()).isEqualTo(TemporalMode.JAVA_TEST_SERVER);
        assertThat(settings.externalMongoUri()).isEmpty();
    }

    @Test
    void badValues_areRejectedNamingTheVariable() {
        assertThatThrownBy(() -> StackSettings.parse(List.of(), Map.of("SERVER_PORT", "eighty"), CHECKOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SERVER_PORT");
        assertThatThrownBy(() -> StackSettings.parse(List.of(), Map.of("LEADFLOW_TEMPORAL_PORT", "70000"), CHECKOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LEADFLOW_TEMPORAL_PORT");
        assertThatThrownBy(() -> StackSettings.parse(List.of("--verbose"), Map.of(), CHECKOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--verbose");
    }

    @Test
    void helpIsRecognised() {
        assertThat(StackSettings.parse(List.of("--help"), Map.of(), CHECKOUT).help()).isTrue();
    }

    @Test
    void pathsInsideTheCheckout_areShownRelative() {
        StackSettings settings = StackSettings.parse(List.of(), Map.of(), CHECKOUT);

        assertThat(settings.display(settings.demoTenantFile())).isEqualTo(".data/demo-tenant.json");
        assertThat(settings.display(Path.of("/tmp/x"))).isEqualTo("/tmp/x");
    }

    @Test
    void ferretdbStore_keepsItsFilesApart_andNeedsTheBinaryStartShBuilds() {
        StackSettings settings = StackSettings.parse(List.of("--store=ferretdb", "--ferretdb=/opt/ferretdb"),
                Map.of("LEADFLOW_EMBEDDED_MONGO_PORT", "27999", "LEADFLOW_RESTART_BUDGET", "20"), CHECKOUT);

        assertThat(settings.store()).isEqualTo(StoreMode.FERRETDB);
        assertThat(settings.ferretdb()).contains(Path.of("/opt/ferretdb"));
        assertThat(settings.mongoDir()).isEqualTo(CHECKOUT.resolve(".data/ferretdb"));
        assertThat(settings.mongoUri()).isEqualTo("mongodb://127.0.0.1:27999");
        assertThat(settings.restartBudget()).isEqualTo(20);
        assertThatThrownBy(() -> StackSettings.parse(List.of("--store=ferretdb"), Map.of(), CHECKOUT))
                .hasMessageContaining("--ferretdb=PATH");
        assertThatThrownBy(() -> StackSettings.parse(List.of("--store=postgres"), Map.of(), CHECKOUT))
                .hasMessageContaining("'embedded' or 'ferretdb'");
    }

    @Test
    void mongodbUriInTheEnvironment_meansNoStoreIsStarted_whateverTheOption() {
        StackSettings settings = StackSettings.parse(List.of("--store=ferretdb"),
                Map.of("MONGODB_URI", "mongodb://db:27017"), CHECKOUT);

        assertThat(settings.store()).isEqualTo(StoreMode.EXTERNAL);
        assertThat(settings.mongoUri()).isEqualTo("mongodb://db:27017");
    }
}
