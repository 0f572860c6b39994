package io.leadflow.api.support;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * A Server-Sent Events client for tests, reading the stream the way a browser's {@code EventSource} does: events are
 * {@code id:}, {@code event:} and {@code data:} lines ended by a blank line; comment lines ({@code :}) are heartbeats.
 */
public final class SseClient implements AutoCloseable {

    /** One event as received. */
    public record Event(String id, String name, String data) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<String> comments = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Call call;
    private final Response response;
    private final Thread reader;

    private SseClient(Call call, Response response) {
        this.call = call;
        this.response = response;
        this.reader = new Thread(this::read, "sse-test-reader");
        this.reader.setDaemon(true);
        if (response.isSuccessful()) {
            this.reader.start();
        }
    }

    /** Connects to {@code path} on the local API with the given headers. */
    public static SseClient connect(int port, String path, Map<String, String> headers) throws IOException {
        OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ZERO).build();
        Request.Builder request = new Request.Builder().url("http://127.0.0.1:" + port + path)
                .header("Accept", "text/event-stream");
        headers.forEach(request::header);
        Call call = client.newCall(request.build());
        return new SseClient(call, call.execute());
    }

    public int status() {
        return response.code();
    }

    /** The body of a refused connection (its error envelope). */
    public String errorBody() throws IOException {
        return response.body() == null ? "" : response.body().string();
    }

    public String contentType() {
        return response.header("Content-Type", "");
    }

    /** The next event of this name, waiting at most {@code timeout}; null when none came. */
    public Event next(String name, Duration timeout) throws InterruptedException {
        return next(event -> event.name().equals(name), timeout);
    }

    public Event next(Predicate<Event> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            Event event = events.poll(left, TimeUnit.NANOSECONDS);
            if (event == null) {
                return null;
            }
            if (wanted.test(event)) {
                return event;
            }
        }
    }

    /** Events received and not taken yet. */
    public List<Event> drain() {
        List<Event> out = new ArrayList<>();
        events.drainTo(out);
        return out;
    }

    public List<String> comments() {
        return List.copyOf(comments);
    }

    private void read() {
        try {
            BufferedSource source = response.body().source();
            String id = null;
            String name = "message";
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = source.readUtf8Line()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(id, name, data.toString()));
                    }
                    id = null;
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1).trim());
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).trim());
                }
            }
        } catch (IOException | IllegalStateException closed) {
            // the test closed the stream, or the server completed it
        }
    }

    @Override
    public void close() {
        call.cancel();
        response.close();
    }
}
