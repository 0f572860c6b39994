package io.leadflow.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The loopback webhook receiver both phases deliver to: it notes when each delivery arrived, its {@code webhook-id}
 * and the due time the sender said the step had, and answers 204.
 */
final class Receiver implements AutoCloseable {

    /** One delivery as it arrived. */
    record Arrival(String path, String id, Instant dueAt, Instant firedAt, Instant at) {
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
    private final JsonMapper json = JsonMapper.shared();

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", exchange -> {
            Instant at = Instant.now();
            try (InputStream in = exchange.getRequestBody()) {
                JsonNode body = json.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                // The job's own due time: the event's (the due bench), else the step's, else the floor's.
                String due = body.path("event").path("dueAt").asString(
                        body.path("step").path("dueAt").asString(body.path("dueAt").asString(null)));
                String fired = body.path("event").path("firedAt").asString(null);
                String id = exchange.getRequestHeaders().getFirst("webhook-id");
                if (id == null) {
                    id = body.path("id").asString(null);
                }
                arrivals.add(new Arrival(exchange.getRequestURI().getPath(), id, due == null ? null : Instant.parse(due),
                        fired == null ? null : Instant.parse(fired), at));
            } catch (RuntimeException unreadable) {
                arrivals.add(new Arrival(exchange.getRequestURI().getPath(), null, null, null, at));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Arrival> arrivals(String path) {
        return arrivals.stream().filter(arrival -> arrival.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
