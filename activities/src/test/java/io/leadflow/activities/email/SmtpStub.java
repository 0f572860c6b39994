package io.leadflow.activities.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal SMTP server on loopback that answers RCPT TO and the end of DATA with chosen replies, for the reply
 * codes GreenMail does not produce (550 unknown user, 451 greylisting).
 */
final class SmtpStub implements AutoCloseable {

    private final ServerSocket server;
    private final String rcptReply;
    private final String dataReply;
    private final AtomicInteger messagesAccepted = new AtomicInteger();
    final List<String> commands = new CopyOnWriteArrayList<>();

    SmtpStub(String rcptReply, String dataReply) throws IOException {
        this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.rcptReply = rcptReply;
        this.dataReply = dataReply;
        Thread loop = new Thread(this::serve, "smtp-stub");
        loop.setDaemon(true);
        loop.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int messagesAccepted() {
        return messagesAccepted.get();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                converse(socket);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket socket) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII);
        reply(out, "220 stub.test ESMTP");
        String line;
        while ((line = in.readLine()) != null) {
            commands.add(line);
            String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
            switch (verb) {
                case "EHLO", "HELO" -> reply(out, "250 stub.test");
                case "MAIL" -> reply(out, "250 2.1.0 OK");
                case "RCPT" -> reply(out, rcptReply);
                case "DATA" -> {
                    reply(out, "354 go ahead");
                    String data;
                    while ((data = in.readLine()) != null && !data.equals(".")) {
                        // the message body is not inspected
                    }
                    if (dataReply.startsWith("250")) {
                        messagesAccepted.incrementAndGet();
                    }
                    reply(out, dataReply);
                }
                case "RSET", "NOOP" -> reply(out, "250 OK");
                case "QUIT" -> {
                    reply(out, "221 bye");
                    return;
                }
                default -> reply(out, "502 5.5.1 not implemented");
            }
        }
    }

    private static void reply(Writer out, String text) throws IOException {
        out.write(text + "\r\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
