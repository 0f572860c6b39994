package io.leadflow.dev;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process the stack started: its output is copied to a log file (the previous run's file is kept as
 * {@code <name>.previous.log}) and selected lines are echoed to the console. Stopping it also stops anything
 * it started itself.
 */
final class ChildProcess {

    private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);
    private static final Duration DESCENDANT_GRACE = Duration.ofSeconds(5);

    private final String name;
    private final Process process;
    private final Path logFile;
    private final AtomicBoolean echo = new AtomicBoolean(true);

    private ChildProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    static ChildProcess start(String name, List<String> command, Map<String, String> env, Path logFile,
            Predicate<String> echoed) {
        try {
            Files.createDirectories(logFile.getParent());
            if (Files.exists(logFile)) {
                Files.move(logFile, logFile.resolveSibling(name + ".previous.log"), StandardCopyOption.REPLACE_EXISTING);
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process process = builder.start();
            // The children never read stdin; closing it means a stray read sees end-of-file instead of hanging.
            process.getOutputStream().close();
            ChildProcess child = new ChildProcess(name, process, logFile);
            Thread pump = new Thread(() -> child.pump(echoed), name + "-log");
            pump.setDaemon(true);
            pump.start();
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + ")", e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Path logFile() {
        return logFile;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    CompletableFuture<ChildProcess> onExit() {
        return process.onExit().thenApply(p -> this);
    }

    /** Waits until something accepts connections on the loopback port, failing early if this process died. */
    void awaitPort(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!isAlive()) {
                throw new StartupException(name + " exited with code " + exitValue() + " during start-up (see "
                        + logFile + ")");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new StartupException("interrupted while waiting for " + name, interrupted);
                }
            }
        }
        throw new StartupException(name + " did not accept connections on port " + port + " within "
                + timeout.toSeconds() + " s (see " + logFile + ")");
    }

    /** Stops echoing to the console: during shutdown every child complains about the others going away. */
    void quiet() {
        echo.set(false);
    }

    /**
     * Asks the process (and its descendants, collected first because they are re-parented once it exits) to
     * terminate with SIGTERM, so Spring and Temporal run their own graceful shutdown.
     */
    List<ProcessHandle> requestStop() {
        quiet();
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        return descendants;
    }

    /** Waits for a requested stop, then kills whatever is still running. */
    void awaitStop(List<ProcessHandle> descendants, Duration grace) {
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} (pid {}) did not stop within {} s; killing it", name, pid(), grace.toSeconds());
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        for (ProcessHandle descendant : descendants) {
            try {
                descendant.onExit().get(DESCENDANT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                descendant.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                descendant.destroyForcibly();
            }
        }
    }

    private void pump(Predicate<String> echoed) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                BufferedWriter out = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
                if (echo.get() && echoed.test(line)) {
                    System.out.println(LogEcho.format(name, line));
                }
            }
        } catch (IOException e) {
            log.debug("log pump of {} ended: {}", name, e.toString());
        }
    }
}
