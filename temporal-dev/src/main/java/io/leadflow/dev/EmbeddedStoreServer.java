package io.leadflow.dev;

import io.leadflow.devstore.EmbeddedMongo;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code embedded-store <port> <dir>} sub-command: the embedded MongoDB-wire server in a JVM of its own, so
 * the store is a process like every other part of the stack (it can be stopped, restarted, or frozen to test an
 * outage), and so it exits by itself when the launcher that started it is gone.
 */
final class EmbeddedStoreServer {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStoreServer.class);

    private EmbeddedStoreServer() {
    }

    static void run(String[] args) throws InterruptedException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: " + LocalStack.EMBEDDED_STORE_COMMAND + " <port> <dir>");
        }
        EmbeddedMongo mongo = EmbeddedMongo.start(args[2], "127.0.0.1", Integer.parseInt(args[1]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            mongo.close();
            stopped.countDown();
        }, "embedded-store-shutdown"));
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            log.warn("launcher (pid {}) is gone; stopping the embedded store", parent.pid());
            System.exit(0);
        }));
        log.info("Embedded MongoDB-wire server on {} (data in {})", mongo.uri(), args[2]);
        stopped.await();
    }
}
