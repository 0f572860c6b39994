package io.leadflow.devstore;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.leadflow.shared.config.DevelopmentStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An in-process MongoDB-wire server (mongo-java-server) for development and tests: in memory, or in an H2 file when
 * a data directory is given so a restart resumes where the last run stopped. The local stack's launcher runs one and
 * hands its URI to api and worker; tests start one per JVM.
 */
public final class EmbeddedMongo implements DevelopmentStore, AutoCloseable {

    private final MongoServer server;
    private final String uri;

    private EmbeddedMongo(MongoServer server, String uri) {
        this.server = server;
        this.uri = uri;
    }

    public static EmbeddedMongo start(String dataDir, String host, int port) {
        MongoBackend backend = dataDir == null || dataDir.isBlank() ? new MemoryBackend() : fileBackend(dataDir);
        MongoServer server = new MongoServer(backend);
        server.bind(host, port);
        InetSocketAddress address = server.getLocalAddress();
        return new EmbeddedMongo(server, "mongodb://" + address.getHostString() + ":" + address.getPort());
    }

    private static MongoBackend fileBackend(String dataDir) {
        try {
            Path dir = Files.createDirectories(Path.of(dataDir));
            return new H2Backend(dir.resolve("leadflow.mv").toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create embedded store directory " + dataDir, e);
        }
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
