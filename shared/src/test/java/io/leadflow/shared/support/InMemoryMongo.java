package io.leadflow.shared.support;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;

/**
 * An in-memory MongoDB-wire server on loopback for this module's tests. (Other modules use {@code dev-store}'s
 * {@code EmbeddedMongo}, which depends on this module, so it can't serve here.)
 */
public final class InMemoryMongo implements AutoCloseable {

    private final MongoServer server;
    private final String uri;

    private InMemoryMongo(MongoServer server) {
        this.server = server;
        InetSocketAddress address = server.getLocalAddress();
        this.uri = "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    public static InMemoryMongo start() {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        return new InMemoryMongo(server);
    }

    public String uri() {
        return uri;
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
