package io.leadflow.dev;

import io.leadflow.shared.security.AdminTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-command local platform: a MongoDB-compatible store (the embedded mongo-java-server, or FerretDB),
 * Temporal (the CLI dev server, or the Java test server when there is no CLI), the worker and the api, each a child
 * process, and a provisioned demo tenant. Runs in the foreground; Ctrl-C or SIGTERM stops everything it started.
 * A crashed child is restarted, as a process supervisor would in production: sequences resume from Temporal's
 * history, the api and the store come back with their state on disk. The Java test server (in memory) is the one
 * exception, and a child crashing more often than the restart budget stops the whole stack.
 */
public final class LocalStack {

    static final String TEST_SERVER_COMMAND = "test-server";
    static final String EMBEDDED_STORE_COMMAND = "embedded-store";

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private static final Duration TEMPORAL_START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration APP_STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration TEMPORAL_STOP_GRACE = Duration.ofSeconds(15);
    private static final Duration STORE_START_TIMEOUT = Duration.ofSeconds(60);
    /** The api's default maximum admin-token lifetime (leadflow.security.admin-token-max-lifetime). */
    private static final Duration ADMIN_TOKEN_TTL = Duration.ofHours(12);
    private static final Duration RESTART_WINDOW = Duration.ofMinutes(10);

    private final StackSettings settings;
    private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");

    private final Object lock = new Object();
    /** Guarded by {@code lock}: what the shutdown hook must stop, in start order. */
    private final List<ChildProcess> children = new ArrayList<>();
    private boolean stopping;
    /** How to start each restartable child again after a crash, by name. */
    private final Map<String, Supplier<ChildProcess>> restarts = new LinkedHashMap<>();
    private final RestartBudget restartBudget;
    private Map<String, String> stackEnvValues = Map.of();

    LocalStack(StackSettings settings) {
        this.settings = settings;
        this.restartBudget = new RestartBudget(settings.restartBudget(), RESTART_WINDOW);
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals(TEST_SERVER_COMMAND)) {
            JavaTestServer.run(args);
            return;
        }
        if (args.length > 0 && args[0].equals(EMBEDDED_STORE_COMMAND)) {
            EmbeddedStoreServer.run(args);
            return;
        }
        StackSettings settings;
        try {
            settings = StackSettings.parse(List.of(args), System.getenv(), Path.of(""));
        } catch (IllegalArgumentException e) {
            System.err.println("leadflow local stack: " + e.getMessage());
            System.err.print(StackSettings.USAGE);
            System.exit(2);
            return;
        }
        if (settings.help()) {
            System.out.print(StackSettings.USAGE);
            return;
        }
        System.exit(new LocalStack(settings).run());
    }

    /** Starts everything, then blocks until a child dies; returns the exit code. Signals end it through the hook. */
    int run() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "leadflow-stack-stop"));
        try {
            start();
        } catch (StartupException | UncheckedIOException e) {
            if (!isStopping()) {
                log.error("Start-up failed: {}", e.getMessage());
            }
            return 1;
        } catch (RuntimeException e) {
            // Unexpected: show the trace, and still return so the hook stops whatever was started.
            log.error("Start-up failed", e);
            return 1;
        }
        while (true) {
            ChildProcess exited = awaitFirstExit();
            if (isStopping()) {
                return 0;
            }
            Supplier<ChildProcess> restart = restarts.get(exited.name());
            if (restart != null && mayRestart(exited.name())) {
                log.warn("{} exited unexpectedly with code {} (see {}); restarting it{}", exited.name(),
                        exited.exitValue(), settings.display(exited.logFile()),
                        exited.name().equals("worker") ? " — running sequences resume from Temporal's history" : "");
                synchronized (lock) {
                    children.remove(exited);
                }
                try {
                    ChildProcess restarted = restart.get();
                    Map<String, String> env = new LinkedHashMap<>(stackEnvValues);
                    env.put(pidVariable(restarted.name()), Long.toString(restarted.pid()));
                    stackEnvValues = env;
                    StackEnvFile.write(settings.stackEnvFile(), env);
                    continue;
                } catch (StartupException | UncheckedIOException e) {
                    log.error("could not restart the {}: {}", exited.name(), e.getMessage());
                    return 1;
                }
            }
            log.error("{} exited unexpectedly with code {} (see {}); stopping the stack", exited.name(),
                    exited.exitValue(), settings.display(exited.logFile()));
            return 1;
        }
    }

    /** Within the crash budget (a child that keeps crashing is broken, not unlucky). */
    private boolean mayRestart(String child) {
        if (restartBudget.allow(child, Instant.now())) {
            return true;
        }
        log.error("{} crashed {} times in {} minutes; giving up", child, restartBudget.max(),
                restartBudget.window().toMinutes());
        return false;
    }

    /** {@code WORKER_PID} and so on: the stack.env variable that holds a child's process id. */
    static String pidVariable(String child) {
        return child.toUpperCase(Locale.ROOT) + "_PID";
    }

    private void start() {
        try {
            Files.createDirectories(settings.logDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + settings.logDir(), e);
        }
        StackEnvFile.delete(settings.stackEnvFile());
        requireJar(settings.workerJar());
        requireJar(settings.apiJar());
        requireFreePorts();

        ChildProcess store = startStore().orElse(null);
        String mongoUri = settings.mongoUri();
        ChildProcess temporal = startTemporal().orElse(null);
        boolean searchAttributes = prepareTemporal(temporal);
        String adminToken = adminToken();

        ChildProcess worker = launchRestartable("worker", Commands.springApp(java, settings.workerJar()),
                Commands.workerEnvironment(settings, mongoUri, searchAttributes), LogEcho.springApp());
        ChildProcess api = launchRestartable("api", Commands.springApp(java, settings.apiJar()),
                Commands.apiEnvironment(settings, mongoUri, searchAttributes), LogEcho.springApp());
        log.info("Waiting for the api to answer {} (up to {} s; the first start on a small machine is slow) ...",
                AdminApi.HEALTH_PATH, settings.startupTimeout().toSeconds());
        AdminApi adminApi = new AdminApi(settings.apiPort());
        adminApi.awaitHealthy(settings.startupTimeout(), this::deadChild);

        DemoProvisioning demo = DemoProvisioning.run(adminApi, adminToken, settings);

        stackEnvValues = stackEnv(store, temporal, worker, api, mongoUri, adminToken, demo.tenant());
        StackEnvFile.write(settings.stackEnvFile(), stackEnvValues);
        System.out.println();
        System.out.println(Banner.render(settings, mongoUri, searchAttributes, adminToken, demo.tenant(), demo.problem()));
        System.out.flush();
    }

    private void requireJar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new StartupException(settings.display(jar) + " is missing; build first: ./mvnw -B -DskipTests package"
                    + " (./temporal-dev/start.sh does it for you)");
        }
    }

    /** Fails before starting anything when a port is taken, which usually means another stack is still running. */
    private void requireFreePorts() {
        Map<Integer, String> ports = new LinkedHashMap<>();
        ports.put(settings.apiPort(), "api (SERVER_PORT)");
        ports.put(settings.apiManagementPort(), "api management (LEADFLOW_API_MANAGEMENT_PORT)");
        ports.put(settings.workerManagementPort(), "worker management (LEADFLOW_WORKER_MANAGEMENT_PORT)");
        if (settings.temporalMode() != TemporalMode.EXTERNAL) {
            ports.put(settings.temporalPort(), "Temporal (LEADFLOW_TEMPORAL_PORT)");
        }
        if (settings.temporalMode() == TemporalMode.CLI) {
            ports.put(settings.temporalUiPort(), "Temporal Web UI (LEADFLOW_TEMPORAL_UI_PORT)");
        }
        if (settings.store() != StoreMode.EXTERNAL) {
            ports.put(settings.mongoPort(), settings.store().label() + " store (LEADFLOW_EMBEDDED_MONGO_PORT)");
        }
        ports.forEach((port, what) -> {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(port));
            } catch (IOException e) {
                throw new StartupException("port " + port + " for the " + what + " is in use; is another stack"
                        + " still running? Stop it, or choose another port with the variable in brackets");
            }
        });
    }

    /** Starts the store as a child and waits until it accepts connections; empty when MONGODB_URI is used. */
    private Optional<ChildProcess> startStore() {
        List<String> command = switch (settings.store()) {
            case EXTERNAL -> null;
            case EMBEDDED -> Commands.embeddedStore(java, System.getProperty("java.class.path"), settings.mongoPort(),
                    settings.mongoDir());
            case FERRETDB -> Commands.ferretdb(settings.ferretdb().orElseThrow(), settings.mongoPort(), settings.mongoDir());
        };
        if (command == null) {
            log.info("Using MongoDB from MONGODB_URI; starting no store");
            return Optional.empty();
        }
        try {
            Files.createDirectories(settings.mongoDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + settings.mongoDir(), e);
        }
        log.info("Starting the {} store on {} (data in {})", settings.store().label(), settings.mongoUri(),
                settings.display(settings.mongoDir()));
        Predicate<String> echo = settings.store() == StoreMode.EMBEDDED ? LogEcho.javaTestServer() : LogEcho.ferretdb();
        ChildProcess store = launch("store", command, Map.of(), echo);
        store.awaitPort(settings.mongoPort(), STORE_START_TIMEOUT);
        restarts.put("store", () -> {
            ChildProcess restarted = launch("store", command, Map.of(), echo);
            restarted.awaitPort(settings.mongoPort(), STORE_START_TIMEOUT);
            return restarted;
        });
        return Optional.of(store);
    }

    private Optional<ChildProcess> startTemporal() {
        return switch (settings.temporalMode()) {
            case EXTERNAL -> {
                log.info("Using Temporal at {} (TEMPORAL_ADDRESS); starting none", settings.temporalAddress());
                yield Optional.empty();
            }
            case CLI -> {
                try {
                    Files.createDirectories(settings.temporalDb().getParent());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                log.info("Starting Temporal dev server ({}) on {}, Web UI on http://localhost:{}",
                        settings.temporalCli().orElseThrow(), settings.temporalAddress(), settings.temporalUiPort());
                // Its state is in the SQLite file, so a restarted server carries on where the crashed one stopped.
                yield Optional.of(launchRestartable("temporal", Commands.temporalCli(settings.temporalCli().orElseThrow(),
                        settings), Map.of(), LogEcho.temporalCli()));
            }
            case JAVA_TEST_SERVER -> {
                log.warn("No temporal CLI: starting the Java test server on {} (in memory, no Web UI)."
                        + " Install Go (start.sh then builds the CLI) for the full dev server.", settings.temporalAddress());
                yield Optional.of(launch("temporal", Commands.javaTestServer(java, System.getProperty("java.class.path"),
                        settings.temporalPort()), Map.of(), LogEcho.javaTestServer()));
            }
        };
    }

    /** Waits for the Temporal the stack started and makes sure the search attributes exist; true if they do. */
    private boolean prepareTemporal(ChildProcess temporal) {
        if (temporal == null) {
            // An external server's attributes are the worker's business (leadflow.temporal.register-search-attributes).
            return settings.searchAttributes();
        }
        try (TemporalAdmin admin = new TemporalAdmin(settings.temporalAddress(), settings.namespace())) {
            admin.awaitServing(TEMPORAL_START_TIMEOUT, temporal::isAlive);
            log.info("Temporal is serving namespace '{}'", settings.namespace());
            return settings.searchAttributes() && admin.registerSearchAttributes();
        } catch (StartupException e) {
            throw new StartupException(e.getMessage() + " (see " + settings.display(temporal.logFile()) + ")", e);
        }
    }

    private String adminToken() {
        try {
            return new AdminTokens(settings.jwtSecret()).issue("local-admin", ADMIN_TOKEN_TTL);
        } catch (IllegalStateException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    /** Launches a child that is started again with the same command if it crashes. */
    private ChildProcess launchRestartable(String name, List<String> command, Map<String, String> env,
            Predicate<String> echo) {
        restarts.put(name, () -> launch(name, command, env, echo));
        return launch(name, command, env, echo);
    }

    private ChildProcess launch(String name, List<String> command, Map<String, String> env, Predicate<String> echo) {
        synchronized (lock) {
            if (stopping) {
                throw new StartupException("stopping");
            }
            ChildProcess child = ChildProcess.start(name, command, env, settings.logDir().resolve(name + ".log"), echo);
            children.add(child);
            log.info("Started {} (pid {}), log in {}", name, child.pid(), settings.display(child.logFile()));
            return child;
        }
    }

    private Optional<String> deadChild() {
        synchronized (lock) {
            return children.stream().filter(child -> !child.isAlive()).findFirst()
                    .map(child -> child.name() + " exited with code " + child.exitValue() + " during start-up (see "
                            + settings.display(child.logFile()) + ")");
        }
    }

    private ChildProcess awaitFirstExit() {
        CompletableFuture<?>[] exits;
        synchronized (lock) {
            exits = children.stream().map(ChildProcess::onExit).toArray(CompletableFuture[]::new);
        }
        ChildProcess first = (ChildProcess) CompletableFuture.anyOf(exits).join();
        // Ctrl-C in a terminal reaches every child too, so a child may exit a moment before our hook claims the stop.
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return first;
    }

    private boolean isStopping() {
        synchronized (lock) {
            return stopping;
        }
    }

    /** The shutdown hook: apps first (they leave Temporal and the store cleanly), then Temporal, then the store. */
    private void stop() {
        List<ChildProcess> started;
        synchronized (lock) {
            if (stopping) {
                return;
            }
            stopping = true;
            started = List.copyOf(children);
        }
        StackEnvFile.delete(settings.stackEnvFile());
        if (started.isEmpty()) {
            return;
        }
        log.info("Stopping the local stack ...");
        started.forEach(ChildProcess::quiet);
        stopTogether(started.stream().filter(child -> child.name().equals("worker") || child.name().equals("api"))
                .toList(), APP_STOP_GRACE);
        stopTogether(started.stream().filter(child -> child.name().equals("temporal")).toList(), TEMPORAL_STOP_GRACE);
        stopTogether(started.stream().filter(child -> child.name().equals("store")).toList(), TEMPORAL_STOP_GRACE);
        log.info("Stopped; nothing is left running. State is kept in {}", settings.display(settings.dataDir()));
    }

    private static void stopTogether(List<ChildProcess> group, Duration grace) {
        List<List<ProcessHandle>> descendants = group.stream().map(ChildProcess::requestStop).toList();
        for (int i = 0; i < group.size(); i++) {
            group.get(i).awaitStop(descendants.get(i), grace);
        }
    }

    private Map<String, String> stackEnv(ChildProcess store, ChildProcess temporal, ChildProcess worker, ChildProcess api,
            String mongoUri, String adminToken, Optional<DemoTenant> demo) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("API_URL", settings.apiUrl());
        env.put("API_MANAGEMENT_URL", settings.apiManagementUrl());
        env.put("WORKER_MANAGEMENT_URL", settings.workerManagementUrl());
        env.put("TEMPORAL_ADDRESS", settings.temporalAddress());
        env.put("TEMPORAL_NAMESPACE", settings.namespace());
        env.put("TEMPORAL_MODE", settings.temporalMode().label());
        env.put("TEMPORAL_CLI", settings.temporalCli().map(Path::toString).orElse(""));
        env.put("TEMPORAL_UI_URL", settings.temporalMode() == TemporalMode.CLI ? "http://localhost:" + settings.temporalUiPort() : "");
        env.put("MONGODB_URI", mongoUri);
        env.put("STORE_MODE", settings.store().label());
        env.put("ADMIN_TOKEN", adminToken);
        env.put("DEMO_CLIENT_CODE", demo.map(DemoTenant::clientCode).orElse(""));
        // DEMO_API_KEY is the secret key (its meaning before there were two kinds); the publishable one is new.
        env.put("DEMO_API_KEY", demo.map(DemoTenant::apiKey).orElse(""));
        env.put("DEMO_PUBLISHABLE_KEY", demo.map(DemoTenant::publishableKey).orElse(""));
        env.put("DEMO_WEBHOOK_SECRET", demo.map(DemoTenant::webhookSecret).orElse(""));
        env.put("LAUNCHER_PID", Long.toString(ProcessHandle.current().pid()));
        env.put("STORE_PID", store == null ? "" : Long.toString(store.pid()));
        env.put("TEMPORAL_PID", temporal == null ? "" : Long.toString(temporal.pid()));
        env.put("WORKER_PID", Long.toString(worker.pid()));
        env.put("API_PID", Long.toString(api.pid()));
        return env;
    }
}
