package io.leadflow.activities.email;

import io.leadflow.activities.channel.ChannelLedger;
import io.leadflow.activities.channel.ProviderFailures;
import io.leadflow.contracts.channel.SendResult;
import io.leadflow.contracts.email.EmailActivities;
import io.leadflow.contracts.email.EmailSend;
import io.leadflow.shared.conversation.Channels;
import io.leadflow.shared.conversation.Conversation;
import io.leadflow.shared.conversation.Conversations;
import io.leadflow.shared.conversation.Message;
import io.leadflow.shared.outbox.OutboxMessage;
import io.leadflow.shared.tenant.TenantScope;
import io.temporal.failure.ApplicationFailure;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends e-mail through each tenant's own SMTP server. Senders are built per tenant from its {@code smtp}
 * credentials and cached until the credentials change. The Message-ID derives from the idempotency key; the
 * message is claimed in the tenant's {@code messages} collection before the SMTP transaction and marked
 * {@code sent} after the server's final {@code 250}.
 */
@Component
public class EmailActivitiesImpl implements EmailActivities {

    static final String PROVIDER = "smtp";
    private static final String SANDBOX_DOMAIN = "sandbox.leadflow.invalid";

    private final ChannelLedger ledger;
    private final UnsubscribeHeaders unsubscribe;
    private final Map<String, JavaMailSenderImpl> senders = new ConcurrentHashMap<>();
    private final JsonMapper json = JsonMapper.shared();

    public EmailActivitiesImpl(ChannelLedger ledger, UnsubscribeHeaders unsubscribe) {
        this.ledger = ledger;
        this.unsubscribe = unsubscribe;
    }

    @Override
    public SendResult sendEmail(EmailSend send) {
        return ledger.metered(send.clientCode(), Channels.EMAIL, () -> email(send), ChannelLedger::outcomeOf);
    }

    private SendResult email(EmailSend send) {
        TenantScope tenant = ledger.tenant(send.clientCode());
        ledger.requireActive(tenant.clientCode());
        String key = ledger.idempotencyKey(send.idempotencyKey());
        String subject = send.subject() == null ? "" : send.subject().replaceAll("[\\r\\n]+", " ");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("to", send.to());
        details.put("subject", subject);
        details.put("idempotencyKey", key);

        // Bad input fails the same way in sandbox and live, so a sandbox run shows what production would do.
        InternetAddress recipient = recipient(tenant, send, details);
        if (isBlank(send.textBody()) && isBlank(send.htmlBody())) {
            throw ledger.failed(tenant, send.leadId(), Channels.EMAIL, null,
                    ProviderFailures.permanent("e-mail has neither a text nor an HTML body"), details);
        }
        if (ledger.sandbox(tenant.clientCode())) {
            String sandboxFrom = "team@" + SANDBOX_DOMAIN;
            String header = unsubscribe.listUnsubscribe(tenant.clientCode(), send.leadId(), sandboxFrom);
            Conversation conversation = ledger.conversation(tenant, send.leadId(), Channels.EMAIL, send.to());
            Conversations.Claim claim = ledger.claim(tenant, Message.outbound(tenant.clientCode(), conversation.id(),
                    send.leadId(), Channels.EMAIL, Message.TYPE_EMAIL, sandboxFrom, send.to(), null, null, null, null,
                    subject, send.textBody(), send.htmlBody(), key));
            if (claim.alreadySent()) {
                return new SendResult(Channels.EMAIL, claim.message().providerMessageId(), SendResult.SANDBOXED, true);
            }
            return ledger.sandboxed(tenant, claim.message(), new OutboxMessage(null, tenant.clientCode(), Channels.EMAIL,
                    send.leadId(), send.to(), null, null, null, null, subject, send.textBody(), send.htmlBody(), key,
                    tenant.clientCode() + ":" + key, messageId(tenant, key, SANDBOX_DOMAIN), Instant.now(), header));
        }
        String rawCredentials;
        SmtpCredentials credentials;
        try {
            rawCredentials = ledger.credentials(tenant.clientCode(), PROVIDER);
            credentials = parse(rawCredentials);
        } catch (ApplicationFailure notConfigured) {
            throw ledger.failed(tenant, send.leadId(), Channels.EMAIL, null, notConfigured, details);
        }

        Conversation conversation = ledger.conversation(tenant, send.leadId(), Channels.EMAIL, send.to());
        Conversations.Claim claim = ledger.claim(tenant, Message.outbound(tenant.clientCode(), conversation.id(),
                send.leadId(), Channels.EMAIL, Message.TYPE_EMAIL, credentials.from(), send.to(), null, null, null,
                null, subject, send.textBody(), send.htmlBody(), key));
        if (claim.alreadySent()) {
            return ledger.alreadySent(claim.message());
        }
        String messageId = messageId(tenant, key, domainOf(credentials.from()));
        try {
            JavaMailSenderImpl sender = sender(tenant.clientCode(), rawCredentials, credentials);
            sender.send(mime(sender, credentials, recipient, subject, send, messageId,
                    unsubscribe.listUnsubscribe(tenant.clientCode(), send.leadId(), credentials.from())));
            return ledger.sent(tenant, claim.message(), messageId);
        } catch (MailException e) {
            throw ledger.failed(tenant, send.leadId(), Channels.EMAIL, claim.message(), SmtpFailures.classify(e), details);
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw ledger.failed(tenant, send.leadId(), Channels.EMAIL, claim.message(),
                    ProviderFailures.permanent("e-mail could not be built: " + e.getMessage()), details);
        }
    }

    private static MimeMessage mime(JavaMailSenderImpl sender, SmtpCredentials credentials, InternetAddress to,
            String subject, EmailSend send, String messageId, String listUnsubscribe)
            throws MessagingException, UnsupportedEncodingException {
        MimeMessage message = sender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
        if (isBlank(credentials.fromName())) {
            helper.setFrom(credentials.from());
        } else {
            helper.setFrom(credentials.from(), credentials.fromName());
        }
        helper.setTo(to);
        helper.setSubject(subject);
        if (!isBlank(send.textBody()) && !isBlank(send.htmlBody())) {
            helper.setText(send.textBody(), send.htmlBody());
        } else if (!isBlank(send.htmlBody())) {
            helper.setText(send.htmlBody(), true);
        } else {
            helper.setText(send.textBody(), false);
        }
        // JavaMailSenderImpl keeps an explicitly set Message-ID through saveChanges().
        message.setHeader("Message-ID", messageId);
        message.setHeader("List-Unsubscribe", listUnsubscribe);
        if (UnsubscribeHeaders.oneClick(listUnsubscribe)) {
            message.setHeader("List-Unsubscribe-Post", UnsubscribeHeaders.ONE_CLICK);
        }
        return message;
    }

    /** One sender per tenant and credential version; a credential change replaces the tenant's cached sender. */
    private JavaMailSenderImpl sender(String clientCode, String rawCredentials, SmtpCredentials credentials) {
        String cacheKey = clientCode + ":" + ChannelLedger.digest(clientCode, rawCredentials, 32);
        JavaMailSenderImpl cached = senders.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        senders.keySet().removeIf(k -> k.startsWith(clientCode + ":"));
        return senders.computeIfAbsent(cacheKey, k -> build(credentials));
    }

    private static JavaMailSenderImpl build(SmtpCredentials credentials) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(credentials.host());
        sender.setPort(credentials.effectivePort());
        sender.setDefaultEncoding("UTF-8");
        boolean authenticate = !isBlank(credentials.username());
        if (authenticate) {
            sender.setUsername(credentials.username());
            sender.setPassword(credentials.password());
        }
        Properties props = sender.getJavaMailProperties();
        props.put("mail.smtp.auth", Boolean.toString(authenticate));
        props.put("mail.smtp.from", credentials.from());
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "20000");
        props.put("mail.smtp.writetimeout", "20000");
        if (Boolean.TRUE.equals(credentials.startTls())) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
            props.put("mail.smtp.ssl.checkserveridentity", "true");
        }
        if (Boolean.TRUE.equals(credentials.ssl())) {
            props.put("mail.smtp.ssl.enable", "true");
            props.put("mail.smtp.ssl.checkserveridentity", "true");
        }
        return sender;
    }

    private SmtpCredentials parse(String raw) {
        SmtpCredentials credentials;
        try {
            credentials = json.readValue(raw, SmtpCredentials.class);
        } catch (RuntimeException unreadable) {
            credentials = null;
        }
        if (credentials == null || isBlank(credentials.host()) || isBlank(credentials.from())) {
            throw ProviderFailures.notConfigured("smtp credentials need host and from");
        }
        try {
            new InternetAddress(credentials.from(), true).validate();
        } catch (AddressException e) {
            throw ProviderFailures.notConfigured("smtp 'from' is not a valid address");
        }
        return credentials;
    }

    private InternetAddress recipient(TenantScope tenant, EmailSend send, Map<String, Object> details) {
        try {
            InternetAddress address = new InternetAddress(send.to() == null ? "" : send.to(), true);
            address.validate();
            return address;
        } catch (AddressException e) {
            throw ledger.failed(tenant, send.leadId(), Channels.EMAIL, null,
                    ProviderFailures.permanent("recipient '" + send.to() + "' is not a valid e-mail address"), details);
        }
    }

    /** {@code <lf.HASH@domain>}: stable per tenant and key, so duplicates share one Message-ID. */
    static String messageId(TenantScope tenant, String key, String domain) {
        return "<lf." + ChannelLedger.digest(tenant.clientCode(), key, 32) + "@" + domain + ">";
    }

    private static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 || at == address.length() - 1 ? "leadflow.invalid" : address.substring(at + 1).toLowerCase();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
