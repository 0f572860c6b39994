package io.leadflow.activities.channel;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An HTTP/1.1 receiver that closes connections the way real ones do, without saying so in its answers (no
 * {@code Connection: close}): after every response, like Python's {@code http.server}, or once a connection has been
 * idle for a while, like Node (5 s by default) and load balancers. Each request is read and answered exactly once,
 * so a test can tell a resend that reached the receiver from one that did not.
 */
public final class IdleClosingReceiver implements AutoCloseable {

    /** One request as received. */
    public record Received(String method, String path, String body) {
    }

    /** What to answer. */
    public record Answer(int status, String contentType, String body) {

        public static Answer json(String body) {
            return new Answer(200, "application/json", body);
        }
    }

    private final ServerSocket server;
    private final Duration idleClose;
    private final Function<Received, Answer> answers;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean closed;

    private IdleClosingReceiver(Duration idleClose, Function<Received, Answer> answers) throws IOException {
        this.idleClose = idleClose;
        this.answers = answers;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "idle-closing-receiver");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Closes every connection right after its response. */
    public static IdleClosingReceiver closingAfterEachResponse(Function<Received, Answer> answers) throws IOException {
        return new IdleClosingReceiver(Duration.ZERO, answers);
    }

    /** Keeps a connection open between requests, and closes it once it has been idle for {@code keepAlive}. */
    public static IdleClosingReceiver withKeepAlive(Duration keepAlive, Function<Received, Answer> answers)
            throws IOException {
        return new IdleClosingReceiver(keepAlive, answers);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** How many connections clients opened. */
    public int connections() {
        return connections.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread connection = new Thread(() -> serve(socket), "idle-closing-receiver-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (!closed) {
                socket.setSoTimeout(idleClose.isZero() ? 10_000 : (int) idleClose.toMillis());
                Received request;
                try {
                    request = read(in);
                } catch (SocketTimeoutException idle) {
                    return; // idle too long: close without a word, as servers do
                }
                if (request == null) {
                    return;
                }
                received.add(request);
                Answer answer = answers.apply(request);
                byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 " + answer.status() + " " + (answer.status() < 400 ? "OK" : "Error") + "\r\n"
                        + "Content-Type: " + answer.contentType() + "\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                if (idleClose.isZero()) {
                    return; // after every response
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** One request, or null when the client closed the connection. */
    private static Received read(InputStream in) throws IOException {
        String requestLine = line(in);
        if (requestLine == null) {
            return null;
        }
        int length = 0;
        boolean gzip = false;
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            String name = colon > 0 ? header.substring(0, colon).trim().toLowerCase(Locale.ROOT) : "";
            String value = colon > 0 ? header.substring(colon + 1).trim() : "";
            if (name.equals("content-length")) {
                length = Integer.parseInt(value);
            } else if (name.equals("content-encoding")) {
                gzip = value.equalsIgnoreCase("gzip");
            }
        }
        byte[] body = in.readNBytes(length);
        if (gzip) {
            body = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
        }
        String[] parts = requestLine.split(" ");
        return new Received(parts[0], parts.length > 1 ? parts[1] : "", new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String text = line.toString(StandardCharsets.US_ASCII);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }
}
