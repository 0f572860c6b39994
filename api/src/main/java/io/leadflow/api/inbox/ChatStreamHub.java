package io.leadflow.api.inbox;

import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.chat.ChatEvent;
import io.leadflow.shared.chat.ChatEvents;
import io.leadflow.shared.config.MessagingProperties;
import io.leadflow.shared.error.LeadflowException;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live inbox of one API instance (docs/INBOUND.md, "Live updates"): one reader thread tails the platform's
 * {@code chat_events} and fans each event out to the open streams of its tenant; a small writer pool sends. No
 * servlet thread waits on a stream ({@link SseEmitter} is asynchronous), streams are bounded per tenant, idle ones get
 * a heartbeat, and every stream ends after {@code max-stream-duration} (the client reconnects).
 *
 * <p>Events from any instance (or the worker) reach a client on any instance, because every instance reads the same
 * collection. The reader delivers events in number order: when a number is missing (its writer has taken the number
 * but not yet written the event) it waits for it up to {@code gap-timeout}, then moves on, so a dead writer can't stall
 * the stream. A reconnecting client's replay covers what the reader had already delivered before it connected, and
 * the reader covers the rest, so nothing falls between the two.
 */
@Component
class ChatStreamHub {

    private static final Logger log = LoggerFactory.getLogger(ChatStreamHub.class);
    private static final int QUEUE_CAPACITY = 1_000;
    private static final int BATCH = 500;

    private final ChatEvents events;
    private final MessagingProperties.Chat settings;
    private final Map<String, Set<StreamConnection>> streams = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(daemon("chat-stream-reader"));
    private final ExecutorService writers = Executors.newFixedThreadPool(4, daemon("chat-stream-writer"));
    /** The last event number delivered (or given up on); guarded by {@code this}. */
    private long delivered;
    private long gapAt = -1;
    private long gapSince;

    ChatStreamHub(ChatEvents events, MessagingProperties messaging) {
        this.events = events;
        this.settings = messaging.chat();
        this.delivered = events.latest();
        long poll = settings.pollInterval().toMillis();
        reader.scheduleWithFixedDelay(this::readSafely, poll, poll, TimeUnit.MILLISECONDS);
        long heartbeat = settings.heartbeat().toMillis();
        reader.scheduleWithFixedDelay(this::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void close() {
        reader.shutdownNow();
        streams.values().forEach(set -> set.forEach(connection -> connection.emitter().complete()));
        writers.shutdown();
    }

    /**
     * Opens a stream for a tenant, resuming after {@code lastEventId} when given.
     *
     * @throws LeadflowException {@code TOO_MANY_STREAMS} past the per-tenant bound
     */
    SseEmitter open(String clientCode, Long lastEventId) {
        SseEmitter emitter = new SseEmitter(settings.maxStreamDuration().toMillis());
        Set<StreamConnection> tenantStreams = streams.computeIfAbsent(clientCode, code -> ConcurrentHashMap.newKeySet());
        StreamConnection connection = new StreamConnection(clientCode, emitter, writers, QUEUE_CAPACITY,
                () -> streams.getOrDefault(clientCode, Set.of()).removeIf(StreamConnection::isClosed));
        long upTo;
        synchronized (this) {
            tenantStreams.removeIf(StreamConnection::isClosed);
            if (tenantStreams.size() >= settings.maxStreamsPerTenant()) {
                throw new LeadflowException(ErrorCode.TOO_MANY_STREAMS, "at most " + settings.maxStreamsPerTenant()
                        + " live streams per tenant on this instance; close one first");
            }
            tenantStreams.add(connection);
            upTo = delivered;
        }
        try {
            emitter.send(SseEmitter.event().reconnectTime(3_000).comment("connected"));
        } catch (IOException gone) {
            emitter.completeWithError(gone);
            return emitter;
        }
        if (lastEventId == null) {
            connection.replayed(List.of(), false, upTo);
            return emitter;
        }
        List<ChatEvent> missed = lastEventId >= upTo ? List.of()
                : events.after(clientCode, lastEventId, upTo, settings.maxReplay() + 1);
        long oldest = lastEventId >= upTo ? 0 : events.oldestKept();
        boolean tooFarBehind = missed.size() > settings.maxReplay() || oldest > lastEventId + 1;
        connection.replayed(tooFarBehind ? List.of() : missed, tooFarBehind, upTo);
        return emitter;
    }

    /** How many streams are open here (all tenants). */
    int openStreams() {
        return streams.values().stream().mapToInt(Set::size).sum();
    }

    private void readSafely() {
        try {
            read();
        } catch (RuntimeException e) {
            log.warn("reading inbox events failed (retrying): {}", e.toString());
        }
    }

    /** One pass of the reader: deliver every event in order, waiting briefly at a gap. */
    synchronized void read() {
        for (ChatEvent event : events.after(delivered, BATCH)) {
            if (event.seq() != delivered + 1) {
                long now = System.nanoTime();
                if (gapAt != delivered + 1) {
                    gapAt = delivered + 1;
                    gapSince = now;
                    return;
                }
                if (now - gapSince < settings.gapTimeout().toNanos()) {
                    return;
                }
                log.debug("inbox events {}..{} never came; moving on", delivered + 1, event.seq() - 1);
            }
            delivered = event.seq();
            gapAt = -1;
            for (StreamConnection connection : streams.getOrDefault(event.clientCode(), Set.of())) {
                connection.live(event);
            }
        }
    }

    private void heartbeat() {
        streams.values().forEach(set -> set.forEach(StreamConnection::heartbeat));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
