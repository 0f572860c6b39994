package io.leadflow.activities.channel;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Outbound HTTP that a receiver closing idle keep-alive connections can't fail. Receivers close idle connections on
 * their own schedule (Python's {@code http.server} after every response, Node after 5 s, load balancers after 60 s)
 * without telling the pool, and OkHttp only checks a pooled connection that has been idle for 10 s. So:
 *
 * <ol>
 *   <li>idle connections are evicted after {@link #KEEP_ALIVE} (2 s), before any common server timeout;</li>
 *   <li>a request that fails on a <em>reused</em> connection <em>before any byte of an answer</em> (the mark of a
 *       connection the receiver had closed while it sat in the pool: the read meets the close, or the write meets a
 *       reset) is sent once more, at once, on a new connection. A timeout is never retried here: the receiver may be
 *       working on the request.</li>
 * </ol>
 *
 * <p>Why the retry is safe: a receiver that had closed the connection never read the request. The one case that
 * looks the same — a receiver that read the request and then closed without answering — is a crash, for which the
 * caller's own retry policy would resend anyway; callbacks carry the same {@code webhook-id} both times and WhatsApp
 * sends are claimed in the ledger by idempotency key. This is what browsers and Go's HTTP client do for such
 * connections. {@code retryOnConnectionFailure} stays off: OkHttp's own retry also resends after a request provably
 * reached a receiver that then dropped the connection.
 */
public final class PooledConnections {

    /** How long an idle connection is kept: shorter than Node's 5-second default and any load balancer's. */
    public static final Duration KEEP_ALIVE = Duration.ofSeconds(2);

    /** Keeps no connection: a resend through it always opens a new one. */
    private static final ConnectionPool NOTHING_KEPT = new ConnectionPool(0, 1, TimeUnit.SECONDS);

    private final OkHttpClient pooled;

    private PooledConnections(OkHttpClient pooled) {
        this.pooled = pooled;
    }

    /** A client from {@code builder}, with the short keep-alive and the trace that tells a stale connection apart. */
    public static PooledConnections of(OkHttpClient.Builder builder) {
        return new PooledConnections(builder
                .connectionPool(new ConnectionPool(16, KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS))
                .retryOnConnectionFailure(false)
                .eventListenerFactory(call -> {
                    Trace trace = call.request().tag(Trace.class);
                    return trace == null ? EventListener.NONE : trace;
                })
                .build());
    }

    /** The pooled client, for callers that derive per-call settings from it. */
    public OkHttpClient client() {
        return pooled;
    }

    /** Executes {@code request}; a stale pooled connection costs one immediate resend on a new connection. */
    public Response execute(Request request) throws IOException {
        return execute(pooled, request);
    }

    /** The same, through {@code client} (derived from {@link #client()}, e.g. with other timeouts). */
    public Response execute(OkHttpClient client, Request request) throws IOException {
        Trace trace = new Trace();
        try {
            return client.newCall(request.newBuilder().tag(Trace.class, trace).build()).execute();
        } catch (IOException failure) {
            if (!trace.stale(failure)) {
                throw failure;
            }
            // The same settings (DNS guard, timeouts, no redirects, no proxy) on a new connection.
            return client.newBuilder().connectionPool(NOTHING_KEPT).build().newCall(request).execute();
        }
    }

    /** What one call went through: a new connection or a pooled one, and whether an answer started. */
    private static final class Trace extends EventListener {

        private volatile boolean connected;
        private volatile boolean acquired;
        private volatile boolean answered;

        @Override
        public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
            connected = true;
        }

        @Override
        public void connectionAcquired(Call call, Connection connection) {
            acquired = true;
        }

        @Override
        public void responseHeadersStart(Call call) {
            answered = true;
        }

        /** A pooled connection that failed before any answer, and not by timing out. */
        boolean stale(IOException failure) {
            return acquired && !connected && !answered && !(failure instanceof InterruptedIOException);
        }
    }
}
