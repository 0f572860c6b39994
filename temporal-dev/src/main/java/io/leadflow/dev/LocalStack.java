package io.leadflow.dev;

import io.leadflow.devstore.EmbeddedMongo;
import io.leadflow.shared.security.AdminTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-command local platform: Temporal (the CLI dev server, or the Java test server when there is no CLI),
 * an embedded MongoDB-wire server, the worker and the api as child processes, and a provisioned demo tenant.
 * Runs in the foreground; Ctrl-C or SIGTERM stops everything it started. A crashed worker is restarted, as a process
 * supervisor would in production (its sequences resume from Temporal's history); any other child dying, or the worker
 * crashing too often, stops the whole stack.
 */
public final class LocalStack {

    static final String TEST_SERVER_COMMAND = "test-server";

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private static final Duration TEMPORAL_START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration APP_STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration TEMPORAL_STOP_GRACE = Duration.ofSeconds(15);
    /** The api's default maximum admin-token lifetime (leadflow.security.admin-token-max-lifetime). */
    private static final Duration ADMIN_TOKEN_TTL = Duration.ofHours(12);
    /** The worker is restarted at most this many times within {@link #RESTART_WINDOW}. */
    private static final int MAX_WORKER_RESTARTS = 5;
    private static final Duration RESTART_WINDOW = Duration.ofMinutes(10);

    private final StackSettings settings;
    private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");

    private final Object lock = new Object();
    /** Guarded by {@code lock}: what the shutdown hook must stop, in start order. */
    private final List<ChildProcess> children = new ArrayList<>();
    private EmbeddedMongo mongo;
    private boolean stopping;
    /** How to start the worker again after a crash, and when it last crashed. */
    private Runnable workerRestart;
    private final Deque<Instant> workerCrashes = new ArrayDeque<>();
    private Map<String, String> stackEnvValues = Map.of();

    LocalStack(StackSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals(TEST_SERVER_COMMAND)) {
            JavaTestServer.run(args);
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
            if (exited.name().equals("worker") && mayRestartWorker()) {
                log.warn("worker exited unexpectedly with code {} (see {}); restarting it — running sequences resume"
                        + " from Temporal's history", exited.exitValue(), settings.display(exited.logFile()));
                synchronized (lock) {
                    children.remove(exited);
                }
                try {
                    workerRestart.run();
                    continue;
                } catch (StartupException | UncheckedIOException e) {
                    log.error("could not restart the worker: {}", e.getMessage());
                    return 1;
                }
            }
            log.error("{} exited unexpectedly with code {} (see {}); stopping the stack", exited.name(),
                    exited.exitValue(), settings.display(exited.logFile()));
            return 1;
        }
    }

    /** Within the crash budget (a worker that keeps crashing is broken, not unlucky). */
    private boolean mayRestartWorker() {
        Instant now = Instant.now();
        workerCrashes.removeIf(at -> at.isBefore(now.minus(RESTART_WINDOW)));
        if (workerCrashes.size() >= MAX_WORKER_RESTARTS) {
            log.error("worker crashed {} times in {} minutes; giving up", workerCrashes.size(), RESTART_WINDOW.toMinutes());
            return false;
        }
        workerCrashes.add(now);
        return true;
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

        String mongoUri = startMongo();
        ChildProcess temporal = startTemporal().orElse(null);
        boolean searchAttributes = prepareTemporal(temporal);
        String adminToken = adminToken();

        List<String> workerCommand = Commands.springApp(java, settings.workerJar());
        Map<String, String> workerEnv = Commands.workerEnvironment(settings, mongoUri, searchAttributes);
        ChildProcess worker = launch("worker", workerCommand, workerEnv, LogEcho.springApp());
        workerRestart = () -> {
            ChildProcess restarted = launch("worker", workerCommand, workerEnv, LogEcho.springApp());
            Map<String, String> env = new LinkedHashMap<>(stackEnvValues);
            env.put("WORKER_PID", Long.toString(restarted.pid()));
            stackEnvValues = env;
            StackEnvFile.write(settings.stackEnvFile(), env);
        };
        ChildProcess api = launch("api", Commands.springApp(java, settings.apiJar()),
                Commands.apiEnvironment(settings, mongoUri, searchAttributes), LogEcho.springApp());
        log.info("Waiting for the api to answer {} (up to {} s; the first start on a small machine is slow) ...",
                AdminApi.HEALTH_PATH, settings.startupTimeout().toSeconds());
        AdminApi adminApi = new AdminApi(settings.apiPort());
        adminApi.awaitHealthy(settings.startupTimeout(), this::deadChild);

        Optional<DemoTenant> demo = Optional.empty();
        String demoProblem = "";
        AdminApi.Provisioning provisioning = adminApi.createDemoTenant(adminToken);
        if (provisioning instanceof AdminApi.Provisioning.Created created) {
            created.tenant().save(settings.demoTenantFile());
            demo = Optional.of(created.tenant());
            log.info("Provisioned demo tenant '{}'", created.tenant().clientCode());
        } else if (provisioning instanceof AdminApi.Provisioning.AlreadyExists) {
            demo = DemoTenant.load(settings.demoTenantFile()).map(tenant -> withPublishableKey(adminApi, adminToken, tenant));
            demo.ifPresent(tenant -> log.info("Demo tenant '{}' exists; its credentials are in {}", tenant.clientCode(),
                    settings.display(settings.demoTenantFile())));
            demoProblem = "'" + DemoTenant.CLIENT_CODE + "' exists but its API key is not in "
                    + settings.display(settings.demoTenantFile())
                    + " (keys are shown only once); reset with: rm -rf " + settings.display(settings.dataDir());
        } else if (provisioning instanceof AdminApi.Provisioning.Failed failed) {
            demoProblem = "could not be provisioned: " + failed.reason();
            log.warn("Demo tenant {}", demoProblem);
        }

        stackEnvValues = stackEnv(temporal, worker, api, mongoUri, adminToken, demo);
        StackEnvFile.write(settings.stackEnvFile(), stackEnvValues);
        System.out.println();
        System.out.println(Banner.render(settings, mongoUri, searchAttributes, adminToken, demo, demoProblem));
        System.out.flush();
    }

    /** A demo tenant saved before there were publishable keys gets one now (rotated in once, then saved). */
    private DemoTenant withPublishableKey(AdminApi adminApi, String adminToken, DemoTenant tenant) {
        if (tenant.publishableKey() != null && !tenant.publishableKey().isBlank()) {
            return tenant;
        }
        return adminApi.rotatePublishableKey(adminToken, tenant.clientCode()).map(key -> {
            DemoTenant updated = tenant.withPublishableKey(key);
            updated.save(settings.demoTenantFile());
            log.info("Gave demo tenant '{}' a publishable key", tenant.clientCode());
            return updated;
        }).orElse(tenant);
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
        if (settings.externalMongoUri().isEmpty()) {
            ports.put(settings.mongoPort(), "embedded MongoDB (LEADFLOW_EMBEDDED_MONGO_PORT)");
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

    private String startMongo() {
        if (settings.externalMongoUri().isPresent()) {
            log.info("Using MongoDB from MONGODB_URI; starting no embedded server");
            return settings.externalMongoUri().get();
        }
        try {
            EmbeddedMongo started = EmbeddedMongo.start(settings.mongoDir().toString(), "127.0.0.1", settings.mongoPort());
            synchronized (lock) {
                mongo = started;
            }
            log.info("Embedded MongoDB-wire server on {} (data in {})", started.uri(), settings.display(settings.mongoDir()));
            return started.uri();
        } catch (RuntimeException e) {
            throw new StartupException("cannot start the embedded MongoDB-wire server: " + e.getMessage()
                    + " (is another stack using " + settings.display(settings.mongoDir()) + "?)", e);
        }
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
                yield Optional.of(launch("temporal", Commands.temporalCli(settings.temporalCli().orElseThrow(), settings),
                        Map.of(), LogEcho.temporalCli()));
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

    /** The shutdown hook: apps first (they leave Temporal and Mongo cleanly), then Temporal, then Mongo. */
    private void stop() {
        List<ChildProcess> started;
        EmbeddedMongo store;
        synchronized (lock) {
            if (stopping) {
                return;
            }
            stopping = true;
            started = List.copyOf(children);
            store = mongo;
        }
        StackEnvFile.delete(settings.stackEnvFile());
        if (started.isEmpty() && store == null) {
            return;
        }
        log.info("Stopping the local stack ...");
        started.forEach(ChildProcess::quiet);
        stopTogether(started.stream().filter(child -> !child.name().equals("temporal")).toList(), APP_STOP_GRACE);
        stopTogether(started.stream().filter(child -> child.name().equals("temporal")).toList(), TEMPORAL_STOP_GRACE);
        if (store != null) {
            store.close();
        }
        log.info("Stopped; nothing is left running. State is kept in {}", settings.display(settings.dataDir()));
    }

    private static void stopTogether(List<ChildProcess> group, Duration grace) {
        List<List<ProcessHandle>> descendants = group.stream().map(ChildProcess::requestStop).toList();
        for (int i = 0; i < group.size(); i++) {
            group.get(i).awaitStop(descendants.get(i), grace);
        }
    }

    private Map<String, String> stackEnv(ChildProcess temporal, ChildProcess worker, ChildProcess api, String mongoUri,
            String adminToken, Optional<DemoTenant> demo) {
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
        env.put("ADMIN_TOKEN", adminToken);
        env.put("DEMO_CLIENT_CODE", demo.map(DemoTenant::clientCode).orElse(""));
        // DEMO_API_KEY is the secret key (its meaning before there were two kinds); the publishable one is new.
        env.put("DEMO_API_KEY", demo.map(DemoTenant::apiKey).orElse(""));
        env.put("DEMO_PUBLISHABLE_KEY", demo.map(DemoTenant::publishableKey).orElse(""));
        env.put("DEMO_WEBHOOK_SECRET", demo.map(DemoTenant::webhookSecret).orElse(""));
        env.put("LAUNCHER_PID", Long.toString(ProcessHandle.current().pid()));
        env.put("TEMPORAL_PID", temporal == null ? "" : Long.toString(temporal.pid()));
        env.put("WORKER_PID", Long.toString(worker.pid()));
        env.put("API_PID", Long.toString(api.pid()));
        return env;
    }
}
