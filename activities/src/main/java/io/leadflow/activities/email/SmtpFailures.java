package io.leadflow.activities.email;

import io.leadflow.activities.channel.ProviderFailures;
import io.temporal.failure.ApplicationFailure;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;

/**
 * Sorts SMTP failures into permanent and transient ones by the server's reply code, wherever it sits in the
 * exception chain (JavaMail nests the per-recipient {@code 550} inside a generic "Invalid Addresses"): 5xx and
 * failed authentication are permanent; 4xx, refused connections and timeouts are transient.
 */
final class SmtpFailures {

    private static final Pattern REPLY_CODE = Pattern.compile("^\\s*([245])(\\d\\d)[\\s-]");

    private SmtpFailures() {
    }

    static ApplicationFailure classify(MailException failure) {
        if (failure instanceof MailAuthenticationException) {
            return ProviderFailures.permanent("SMTP server refused the login (check username and password)");
        }
        if (failure instanceof MailParseException || failure instanceof MailPreparationException) {
            return ProviderFailures.permanent("e-mail could not be built: " + failure.getMostSpecificCause().getMessage());
        }
        List<Throwable> chain = chain(failure);
        for (Throwable t : chain) {
            if (t instanceof AuthenticationFailedException) {
                return ProviderFailures.permanent("SMTP server refused the login (check username and password)");
            }
        }
        String permanentReply = null;
        String transientReply = null;
        for (Throwable t : chain) {
            if (t.getMessage() == null) {
                continue;
            }
            Matcher reply = REPLY_CODE.matcher(t.getMessage());
            if (reply.find()) {
                String line = firstLine(t.getMessage());
                if (reply.group(1).equals("5") && permanentReply == null) {
                    permanentReply = line;
                } else if (reply.group(1).equals("4") && transientReply == null) {
                    transientReply = line;
                }
            }
        }
        if (permanentReply != null) {
            return ProviderFailures.permanent("SMTP server rejected the e-mail: " + permanentReply);
        }
        if (transientReply != null) {
            return ProviderFailures.transientFailure("SMTP server deferred the e-mail: " + transientReply);
        }
        for (Throwable t : chain) {
            if (t instanceof SocketTimeoutException) {
                return ProviderFailures.transientFailure("SMTP server did not answer in time");
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return ProviderFailures.transientFailure("SMTP server refused the connection");
            }
            if (t instanceof UnknownHostException) {
                return ProviderFailures.transientFailure("SMTP host does not resolve");
            }
            if (t instanceof SocketException) {
                return ProviderFailures.transientFailure("SMTP connection failed");
            }
        }
        // Unknown trouble with a send: retrying is the safer guess, the retry policy bounds it.
        return ProviderFailures.transientFailure("SMTP send failed: " + failure.getClass().getSimpleName());
    }

    /** Every throwable reachable through causes, JavaMail's next-exceptions and Spring's per-message failures. */
    private static List<Throwable> chain(Throwable root) {
        List<Throwable> all = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> todo = new ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (t == null || !seen.add(t)) {
                continue;
            }
            all.add(t);
            if (t instanceof MailSendException send) {
                Collections.addAll(todo, send.getMessageExceptions());
            }
            if (t instanceof MessagingException messaging && messaging.getNextException() != null) {
                todo.add(messaging.getNextException());
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
        }
        return all;
    }

    private static String firstLine(String message) {
        String line = message.strip();
        int newline = line.indexOf('\n');
        return newline < 0 ? line : line.substring(0, newline).strip();
    }
}
