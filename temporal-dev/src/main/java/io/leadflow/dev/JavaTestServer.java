package io.leadflow.dev;

import io.temporal.testserver.TestServer;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code test-server <port>} sub-command: Temporal's Java test server on a fixed port, in real time (no
 * time skipping), for machines without a temporal CLI. It lives in a JVM of its own so it can be stopped like
 * every other child, and it exits by itself when the launcher that started it is gone.
 */
final class JavaTestServer {

    private static final Logger log = LoggerFactory.getLogger(JavaTestServer.class);

    private JavaTestServer() {
    }

    static void run(String[] args) throws InterruptedException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: " + LocalStack.TEST_SERVER_COMMAND + " <port>");
        }
        int port = Integer.parseInt(args[1]);
        // lockTimeSkipping=true: timers fire in wall-clock time, as on a real server.
        TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "test-server-shutdown"));
        // If the launcher is killed with SIGKILL its shutdown hook never runs; do not outlive it.
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            log.warn("launcher (pid {}) is gone; stopping the test server", parent.pid());
            System.exit(0);
        }));
        log.info("Temporal Java test server listening on port {} (in memory, real time)", port);
        stopped.await();
    }
}
