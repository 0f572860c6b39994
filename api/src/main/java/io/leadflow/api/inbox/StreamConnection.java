package io.leadflow.api.inbox;

import io.leadflow.shared.chat.ChatEvent;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One client's live stream: a bounded queue drained by the hub's small writer pool (never by the reader, so one slow
 * client can't hold up the others), in event-number order without repeats. While a reconnecting client's missed
 * events are replayed, live ones wait in a buffer and follow the replay. A client too slow to keep up (its queue full)
 * is disconnected; it reconnects with its {@code Last-Event-ID} and loses nothing.
 */
final class StreamConnection {

    /** Something to write: an event, a heartbeat comment, or the "reload" notice. */
    private record Item(ChatEvent event, String comment, boolean reset) {
    }

    private final String clientCode;
    private final SseEmitter emitter;
    private final Executor writers;
    private final int capacity;
    private final Object lock = new Object();
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private final List<ChatEvent> buffered = new ArrayList<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Runnable onClose;
    private boolean replaying = true;
    private boolean closed;
    private long lastQueued;

    StreamConnection(String clientCode, SseEmitter emitter, Executor writers, int capacity, Runnable onClose) {
        this.clientCode = clientCode;
        this.emitter = emitter;
        this.writers = writers;
        this.capacity = capacity;
        this.onClose = onClose;
        emitter.onCompletion(this::closed);
        emitter.onTimeout(this::closed);
        emitter.onError(error -> closed());
    }

    String clientCode() {
        return clientCode;
    }

    SseEmitter emitter() {
        return emitter;
    }

    /** A new event from the reader (numbers only grow). */
    void live(ChatEvent event) {
        synchronized (lock) {
            if (replaying) {
                buffered.add(event);
                if (buffered.size() > capacity) {
                    overflow();
                }
                return;
            }
            enqueue(new Item(event, null, false));
        }
        drain();
    }

    /** The missed events (or a notice to reload), then what arrived meanwhile; live from here on. */
    void replayed(List<ChatEvent> missed, boolean reset, long upTo) {
        synchronized (lock) {
            if (reset) {
                queue.add(new Item(null, null, true));
            }
            missed.forEach(event -> enqueue(new Item(event, null, false)));
            lastQueued = Math.max(lastQueued, upTo);
            buffered.forEach(event -> enqueue(new Item(event, null, false)));
            buffered.clear();
            replaying = false;
        }
        drain();
    }

    void heartbeat() {
        synchronized (lock) {
            if (!replaying && queue.isEmpty()) {
                queue.add(new Item(null, "ping", false));
            }
        }
        drain();
    }

    boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    private void enqueue(Item item) {
        if (item.event() != null) {
            if (item.event().seq() <= lastQueued) {
                return;
            }
            lastQueued = item.event().seq();
        }
        queue.add(item);
        if (queue.size() > capacity) {
            overflow();
        }
    }

    private void overflow() {
        queue.clear();
        buffered.clear();
        closed = true;
        writers.execute(emitter::complete);
    }

    private void drain() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        writers.execute(() -> {
            try {
                while (true) {
                    Item item;
                    synchronized (lock) {
                        item = closed ? null : queue.poll();
                    }
                    if (item == null) {
                        break;
                    }
                    write(item);
                }
            } catch (IOException | IllegalStateException gone) {
                closed();
            } finally {
                draining.set(false);
            }
            synchronized (lock) {
                if (!closed && !queue.isEmpty()) {
                    writers.execute(this::drain);
                }
            }
        });
    }

    private void write(Item item) throws IOException {
        if (item.comment() != null) {
            emitter.send(SseEmitter.event().comment(item.comment()));
        } else if (item.reset()) {
            emitter.send(SseEmitter.event().name("stream.reset")
                    .data("{\"reason\":\"events since your Last-Event-ID are no longer kept; reload the inbox\"}",
                            MediaType.APPLICATION_JSON));
        } else {
            emitter.send(SseEmitter.event().id(Long.toString(item.event().seq())).name(item.event().type())
                    .data(item.event().data(), MediaType.APPLICATION_JSON));
        }
    }

    private void closed() {
        synchronized (lock) {
            closed = true;
            queue.clear();
        }
        onClose.run();
    }
}
