package io.leadflow.dev;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the local stack needs to know, read once from the command line and the environment. Command-line
 * options are what {@code start.sh} passes; environment variables are what a developer overrides.
 *
 * @param root the checkout (worker and api jars are found under it)
 * @param dataDir where every piece of state lives (Temporal db, embedded Mongo file, logs, demo tenant)
 * @param temporalCli the {@code temporal} binary to run {@code server start-dev} with; empty falls back to the Java test server
 * @param externalTemporalAddress {@code TEMPORAL_ADDRESS}: use this Temporal and start none
 * @param temporalPort front-end gRPC port of the Temporal the stack starts
 * @param temporalUiPort Web UI port of the CLI dev server
 * @param namespace Temporal namespace of worker and api
 * @param apiPort HTTP port of the api
 * @param apiManagementPort the api's management port (actuator: health with details, Prometheus), on loopback
 * @param workerManagementPort the worker's management port (its only web server: health, Prometheus), on loopback
 * @param externalMongoUri {@code MONGODB_URI}: use this MongoDB and start no store
 * @param store which store to start when there is no {@code MONGODB_URI} ({@code --store=embedded|ferretdb})
 * @param ferretdb the FerretDB binary for {@code --store=ferretdb} ({@code start.sh} builds it)
 * @param mongoPort port of the store the stack starts
 * @param jwtSecret HS256 secret of admin tokens, shared with the api
 * @param encryptionKey base64 AES key for provider credentials, shared with worker and api
 * @param startupTimeout how long to wait for the api's health endpoint
 * @param restartBudget how many times each child is restarted after a crash within ten minutes
 * @param searchAttributes whether workflows carry the custom search attributes (switched off if the server refuses them)
 * @param temporalDynamicConfig dynamic-config values for the CLI dev server ({@code key=value}), for tuning runs
 * @param help print usage and exit
 */
record StackSettings(
        Path root,
        Path dataDir,
        Optional<Path> temporalCli,
        Optional<String> externalTemporalAddress,
        int temporalPort,
        int temporalUiPort,
        String namespace,
        int apiPort,
        int apiManagementPort,
        int workerManagementPort,
        Optional<String> externalMongoUri,
        StoreMode store,
        Optional<Path> ferretdb,
        int mongoPort,
        String jwtSecret,
        String encryptionKey,
        Duration startupTimeout,
        int restartBudget,
        boolean searchAttributes,
        List<String> temporalDynamicConfig,
        boolean help) {

    /** The apps' own development defaults (see {@code LeadflowProperties.Security}); never for production. */
    static final String DEV_JWT_SECRET = "dev-only-core-jwt-secret-change-me-0123456789";
    static final String DEV_ENCRYPTION_KEY = "ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=";

    static final String USAGE = """
            Usage: java -jar temporal-dev/target/leadflow-dev-exec.jar [options]
              (normally started by ./temporal-dev/start.sh, which builds first and finds a temporal CLI)

            Options:
              --root=DIR            checkout holding worker/ and api/ (default: current directory)
              --data-dir=DIR        state directory (default: $LEADFLOW_DATA_DIR or <root>/.data)
              --temporal-cli=PATH   temporal CLI for 'server start-dev'; empty or absent uses the Java test server
              --store=KIND          the store to start: 'embedded' (default; mongo-java-server, needs only the JDK)
                                    or 'ferretdb' (FerretDB on SQLite, a real MongoDB-wire server)
              --ferretdb=PATH       the FerretDB binary for --store=ferretdb (start.sh builds it with Go)
              --help                this text

            Environment:
              TEMPORAL_ADDRESS               use this Temporal and start none
              TEMPORAL_NAMESPACE             namespace (default: default)
              LEADFLOW_TEMPORAL_PORT         gRPC port of the started Temporal (default: 7233)
              LEADFLOW_TEMPORAL_UI_PORT      Web UI port of the CLI dev server (default: gRPC port + 1000)
              MONGODB_URI                    use this MongoDB and start no store
              LEADFLOW_EMBEDDED_MONGO_PORT   port of the store the stack starts, embedded or FerretDB (default: 27027)
              SERVER_PORT                    api HTTP port (default: 8080)
              LEADFLOW_API_MANAGEMENT_PORT   api management port: health, Prometheus (default: 8081)
              LEADFLOW_WORKER_MANAGEMENT_PORT  worker management port: health, Prometheus (default: 8082)
              CORE_JWT_SECRET                admin token secret (default: a dev-only value)
              SECRETS_ENCRYPTION_KEY         credential encryption key (default: a dev-only value)
                                             (worker and api get LEADFLOW_DEV_MODE=true, which lets them start
                                             with the dev-only values; outside the local stack they refuse to)
              LEADFLOW_STARTUP_TIMEOUT       seconds to wait for the api to become healthy (default: 180)
              LEADFLOW_RESTART_BUDGET        restarts of each crashed child within 10 minutes before the
                                             stack gives up and stops (default: 5)
              LEADFLOW_TEMPORAL_SEARCH_ATTRIBUTES  false to run without custom search attributes
              LEADFLOW_TEMPORAL_DYNAMIC_CONFIG     dev-server dynamic config, key=value pairs separated by
                                             spaces (e.g. matching.numTaskqueueReadPartitions=1)
            """;

    static StackSettings parse(List<String> args, Map<String, String> env, Path cwd) {
        Path root = cwd;
        String dataDir = blankToNull(env.get("LEADFLOW_DATA_DIR"));
        Optional<Path> cli = Optional.empty();
        StoreMode store = StoreMode.EMBEDDED;
        Optional<Path> ferretdb = Optional.empty();
        boolean help = false;
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else if (arg.startsWith("--root=")) {
                root = cwd.resolve(value(arg));
            } else if (arg.startsWith("--data-dir=")) {
                dataDir = blankToNull(value(arg));
            } else if (arg.startsWith("--temporal-cli=")) {
                cli = Optional.ofNullable(blankToNull(value(arg))).map(cwd::resolve);
            } else if (arg.startsWith("--store=")) {
                store = StoreMode.ofOption(value(arg));
            } else if (arg.startsWith("--ferretdb=")) {
                ferretdb = Optional.ofNullable(blankToNull(value(arg))).map(cwd::resolve);
            } else {
                throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        root = root.toAbsolutePath().normalize();
        Path data = (dataDir == null ? root.resolve(".data") : cwd.resolve(dataDir)).toAbsolutePath().normalize();
        int temporalPort = port(env, "LEADFLOW_TEMPORAL_PORT", 7233);
        Optional<String> externalMongo = Optional.ofNullable(blankToNull(env.get("MONGODB_URI")));
        if (externalMongo.isPresent()) {
            store = StoreMode.EXTERNAL;
        } else if (store == StoreMode.FERRETDB && ferretdb.isEmpty()) {
            throw new IllegalArgumentException("--store=ferretdb needs --ferretdb=PATH (start.sh builds and passes it)");
        }
        return new StackSettings(
                root,
                data,
                cli,
                Optional.ofNullable(blankToNull(env.get("TEMPORAL_ADDRESS"))),
                temporalPort,
                port(env, "LEADFLOW_TEMPORAL_UI_PORT", temporalPort + 1000),
                orDefault(env, "TEMPORAL_NAMESPACE", "default"),
                port(env, "SERVER_PORT", 8080),
                port(env, "LEADFLOW_API_MANAGEMENT_PORT", 8081),
                port(env, "LEADFLOW_WORKER_MANAGEMENT_PORT", 8082),
                externalMongo,
                store,
                ferretdb,
                port(env, "LEADFLOW_EMBEDDED_MONGO_PORT", 27027),
                orDefault(env, "CORE_JWT_SECRET", DEV_JWT_SECRET),
                orDefault(env, "SECRETS_ENCRYPTION_KEY", DEV_ENCRYPTION_KEY),
                Duration.ofSeconds(positive(env, "LEADFLOW_STARTUP_TIMEOUT", 180)),
                positive(env, "LEADFLOW_RESTART_BUDGET", 5),
                !"false".equalsIgnoreCase(orDefault(env, "LEADFLOW_TEMPORAL_SEARCH_ATTRIBUTES", "true")),
                dynamicConfig(orDefault(env, "LEADFLOW_TEMPORAL_DYNAMIC_CONFIG", "")),
                help);
    }

    TemporalMode temporalMode() {
        if (externalTemporalAddress.isPresent()) {
            return TemporalMode.EXTERNAL;
        }
        return temporalCli.isPresent() ? TemporalMode.CLI : TemporalMode.JAVA_TEST_SERVER;
    }

    /** Address worker and api dial: the external one, or the loopback port of the Temporal the stack starts. */
    String temporalAddress() {
        return externalTemporalAddress.orElse("127.0.0.1:" + temporalPort);
    }

    String apiUrl() {
        return "http://localhost:" + apiPort;
    }

    String apiManagementUrl() {
        return "http://127.0.0.1:" + apiManagementPort;
    }

    String workerManagementUrl() {
        return "http://127.0.0.1:" + workerManagementPort;
    }

    Path logDir() {
        return dataDir.resolve("logs");
    }

    Path temporalDb() {
        return dataDir.resolve("temporal").resolve("temporal.db");
    }

    /** Where the store the stack starts keeps its files: one directory per kind, as their formats differ. */
    Path mongoDir() {
        return dataDir.resolve(store == StoreMode.FERRETDB ? "ferretdb" : "mongo");
    }

    String mongoUri() {
        return externalMongoUri.orElse("mongodb://127.0.0.1:" + mongoPort);
    }

    Path demoTenantFile() {
        return dataDir.resolve("demo-tenant.json");
    }

    Path stackEnvFile() {
        return dataDir.resolve("stack.env");
    }

    Path workerJar() {
        return root.resolve("worker/target/leadflow-worker-exec.jar");
    }

    Path apiJar() {
        return root.resolve("api/target/leadflow-api-exec.jar");
    }

    /** A path as the developer would type it: relative to the checkout when inside it. */
    String display(Path path) {
        return path.startsWith(root) ? root.relativize(path).toString() : path.toString();
    }

    private static List<String> dynamicConfig(String value) {
        List<String> pairs = value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
        for (String pair : pairs) {
            if (!pair.matches("[A-Za-z0-9_.]+=\\S+")) {
                throw new IllegalArgumentException("LEADFLOW_TEMPORAL_DYNAMIC_CONFIG takes key=value pairs, got '" + pair + "'");
            }
        }
        return pairs;
    }

    private static String value(String arg) {
        return arg.substring(arg.indexOf('=') + 1);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String orDefault(Map<String, String> env, String name, String fallback) {
        String value = blankToNull(env.get(name));
        return value == null ? fallback : value;
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        int port = integer(env, name, fallback);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " must be a port between 1 and 65535, got " + port);
        }
        return port;
    }

    private static int positive(Map<String, String> env, String name, int fallback) {
        int value = integer(env, name, fallback);
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got '" + value + "'");
        }
    }
}
