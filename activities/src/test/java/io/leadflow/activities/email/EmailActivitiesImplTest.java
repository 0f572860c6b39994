package io.leadflow.activities.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.leadflow.activities.channel.ChannelFixture;
import io.leadflow.contracts.channel.SendResult;
import io.leadflow.contracts.email.EmailSend;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.conversation.Conversations;
import io.leadflow.shared.conversation.Message;
import io.leadflow.shared.lead.ActivityEntry;
import io.leadflow.shared.outbox.Outbox;
import io.leadflow.shared.outbox.OutboxMessage;
import io.temporal.failure.ApplicationFailure;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.leadflow.shared.lead.UnsubscribeTokens;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

class EmailActivitiesImplTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("team@acme.test", "team", "s3cret"));

    private static ChannelFixture fixture;
    private EmailActivitiesImpl email;
    private String tenant;

    @BeforeAll
    static void storage() {
        fixture = new ChannelFixture();
    }

    @AfterAll
    static void closeStorage() {
        fixture.close();
    }

    @BeforeEach
    void tenant() {
        email = new EmailActivitiesImpl(fixture.ledger, fixture.unsubscribe);
        tenant = fixture.newTenant(false);
        fixture.credentials(tenant, "smtp", credentials(smtp.getSmtp().getPort(), "s3cret"));
    }

    @Test
    void whenAnEmailIsSent_theServerReceivesSubjectBodiesSenderAndRecipient_underAKeyDerivedMessageId() throws Exception {
        SendResult result = email.sendEmail(new EmailSend(tenant, "lead-1", "asha@example.com",
                "Your demo on Monday", "Hi Asha, see you at 10:30.", "<p>Hi <b>Asha</b>, see you at 10:30.</p>",
                "wf-1:step-3"));

        assertThat(result.channel()).isEqualTo("email");
        assertThat(result.status()).isEqualTo(SendResult.SENT);
        assertThat(result.providerMessageId()).matches("<lf\\.[0-9a-f]{32}@acme\\.test>");
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage mail = received[0];
        assertThat(mail.getSubject()).isEqualTo("Your demo on Monday");
        InternetAddress from = (InternetAddress) mail.getFrom()[0];
        assertThat(from.getAddress()).isEqualTo("team@acme.test");
        assertThat(from.getPersonal()).isEqualTo("Acme Team");
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("asha@example.com");
        assertThat(mail.getMessageID()).isEqualTo(result.providerMessageId());
        String raw = GreenMailUtil.getWholeMessage(mail);
        assertThat(raw).contains("multipart/alternative").contains("Hi Asha, see you at 10:30.")
                .contains("<p>Hi <b>Asha</b>, see you at 10:30.</p>");
        assertThat(mail.getContent()).isInstanceOf(MimeMultipart.class);

        Message stored = Conversations.byIdempotencyKey(fixture.scope(tenant), "wf-1:step-3").orElseThrow();
        assertThat(stored.status()).isEqualTo(Message.SENT);
        assertThat(stored.providerMessageId()).isEqualTo(result.providerMessageId());
        assertThat(stored.subject()).isEqualTo("Your demo on Monday");
        assertThat(stored.from()).isEqualTo("team@acme.test");
    }

    @Test
    void everyEmail_carriesListUnsubscribe_withAOneClickLinkWhenThePublicAddressIsKnown() throws Exception {
        UnsubscribeTokens tokens = new UnsubscribeTokens("test-secret");
        EmailActivitiesImpl withLink = new EmailActivitiesImpl(fixture.ledger, new UnsubscribeHeaders(tokens,
                ChannelFixture.messaging("https://api.example.com/")));

        email.sendEmail(new EmailSend(tenant, "lead-9", "asha@example.com", "Hi", "Hello", null, "wf-9:s1"));
        withLink.sendEmail(new EmailSend(tenant, "lead-9", "asha@example.com", "Hi", "Hello", null, "wf-9:s2"));

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received[0].getHeader("List-Unsubscribe", null)).isEqualTo("<mailto:team@acme.test?subject=unsubscribe>");
        assertThat(received[0].getHeader("List-Unsubscribe-Post")).isNull();
        String header = received[1].getHeader("List-Unsubscribe", null);
        assertThat(header).startsWith("<https://api.example.com/api/saas/unsubscribe/")
                .endsWith(", <mailto:team@acme.test?subject=unsubscribe>");
        assertThat(received[1].getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        String token = header.substring("<https://api.example.com/api/saas/unsubscribe/".length(), header.indexOf('>'));
        assertThat(tokens.verify(token)).contains(new UnsubscribeTokens.Subject(tenant, "lead-9"));
        assertThat(tokens.verify(token.replace('A', 'B').replace('a', 'b'))).as("a changed token is refused").isEmpty();
    }

    @Test
    void whenTheSameKeyIsSentTwice_theServerReceivesOneEmail() {
        EmailSend send = new EmailSend(tenant, "lead-2", "ravi@example.com", "Welcome", "Hello Ravi", null, "wf-2:s1");

        SendResult first = email.sendEmail(send);
        SendResult retry = email.sendEmail(send);

        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(retry).isEqualTo(first);
    }

    @Test
    void whenTheSmtpPasswordIsWrong_sendFailsWithoutRetry_andTheLeadsActivityLogSaysWhy() {
        fixture.credentials(tenant, "smtp", credentials(smtp.getSmtp().getPort(), "wrong-password"));

        assertThatThrownBy(() -> email.sendEmail(new EmailSend(tenant, "lead-3", "asha@example.com", "Hi", "Hello",
                null, "wf-3:s1")))
                .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                    assertThat(failure.getType()).isEqualTo(ErrorCode.PROVIDER_PERMANENT.name());
                    assertThat(failure.isNonRetryable()).isTrue();
                    assertThat(failure.getOriginalMessage()).contains("refused the login");
                });
        assertThat(smtp.getReceivedMessages()).isEmpty();
        assertThat(Conversations.byIdempotencyKey(fixture.scope(tenant), "wf-3:s1").orElseThrow().status())
                .isEqualTo(Message.FAILED);
        assertThat(activityLog("lead-3")).extracting(entry -> entry.data().get("channel")).containsExactly("email");
    }

    @Test
    void whenTheSmtpServerIsDown_sendFailsRetryably_andTheRetryAfterItIsBackDeliversOnce() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        fixture.credentials(tenant, "smtp", credentials(port, "s3cret"));
        EmailSend send = new EmailSend(tenant, "lead-4", "asha@example.com", "Hi", "Hello", null, "wf-4:s1");

        assertThatThrownBy(() -> email.sendEmail(send)).isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
            assertThat(failure.getType()).isEqualTo(ErrorCode.PROVIDER_TRANSIENT.name());
            assertThat(failure.isNonRetryable()).isFalse();
        });
        assertThat(Conversations.byIdempotencyKey(fixture.scope(tenant), "wf-4:s1").orElseThrow().status())
                .isEqualTo(Message.PENDING);

        GreenMail backUp = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
        backUp.withConfiguration(GreenMailConfiguration.aConfig().withUser("team@acme.test", "team", "s3cret"));
        backUp.start();
        try {
            SendResult delivered = email.sendEmail(send);
            assertThat(delivered.status()).isEqualTo(SendResult.SENT);
            assertThat(backUp.getReceivedMessages()).hasSize(1);
            assertThat(activityLog("lead-4")).as("transient failures are not on the lead's log").isEmpty();
        } finally {
            backUp.stop();
        }
    }

    @Test
    void whenTheServerRejectsTheRecipientWith550_sendFailsWithoutRetry() throws Exception {
        try (SmtpStub stub = new SmtpStub("550 5.1.1 <nobody@example.com>: Recipient address rejected", "250 OK")) {
            fixture.credentials(tenant, "smtp", anonymous(stub.port()));

            assertThatThrownBy(() -> email.sendEmail(new EmailSend(tenant, "lead-5", "nobody@example.com", "Hi",
                    "Hello", null, "wf-5:s1")))
                    .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                        assertThat(failure.getType()).isEqualTo(ErrorCode.PROVIDER_PERMANENT.name());
                        assertThat(failure.getOriginalMessage()).contains("550 5.1.1");
                    });
            assertThat(stub.messagesAccepted()).isZero();
        }
    }

    @Test
    void whenTheServerGreylistsWith451_sendFailsRetryably() throws Exception {
        try (SmtpStub stub = new SmtpStub("451 4.7.1 Greylisted, please try again later", "250 OK")) {
            fixture.credentials(tenant, "smtp", anonymous(stub.port()));

            assertThatThrownBy(() -> email.sendEmail(new EmailSend(tenant, "lead-6", "asha@example.com", "Hi",
                    "Hello", null, "wf-6:s1")))
                    .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                        assertThat(failure.getType()).isEqualTo(ErrorCode.PROVIDER_TRANSIENT.name());
                        assertThat(failure.isNonRetryable()).isFalse();
                        assertThat(failure.getOriginalMessage()).contains("451 4.7.1");
                    });
        }
    }

    @Test
    void whenTheServerRefusesTheMessageContentWith554_sendFailsWithoutRetry() throws Exception {
        try (SmtpStub stub = new SmtpStub("250 2.1.5 OK", "554 5.7.1 Message rejected as spam")) {
            fixture.credentials(tenant, "smtp", anonymous(stub.port()));

            assertThatThrownBy(() -> email.sendEmail(new EmailSend(tenant, "lead-7", "asha@example.com", "Hi",
                    "Hello", null, "wf-7:s1")))
                    .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                        assertThat(failure.getType()).isEqualTo(ErrorCode.PROVIDER_PERMANENT.name());
                        assertThat(failure.getOriginalMessage()).contains("554 5.7.1");
                    });
        }
    }

    @Test
    void whenTheRecipientIsNotAnAddress_nothingIsSentAndTheSendFailsWithoutRetry() {
        assertThatThrownBy(() -> email.sendEmail(new EmailSend(tenant, "lead-8", "not an address", "Hi", "Hello",
                null, "wf-8:s1")))
                .isInstanceOfSatisfying(ApplicationFailure.class,
                        failure -> assertThat(failure.getType()).isEqualTo(ErrorCode.PROVIDER_PERMANENT.name()));
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void whenASandboxTenantSends_theEmailLandsInItsOutbox_andNoServerIsContacted() {
        String sandbox = fixture.newTenant(true);
        EmailSend send = new EmailSend(sandbox, "lead-9", "asha@example.com", "Welcome", "Hi Asha", "<p>Hi Asha</p>",
                "wf-9:s1");

        SendResult result = email.sendEmail(send);
        email.sendEmail(send);

        assertThat(result.status()).isEqualTo(SendResult.SANDBOXED);
        assertThat(result.sandbox()).isTrue();
        assertThat(smtp.getReceivedMessages()).isEmpty();
        List<OutboxMessage> outbox = Outbox.list(fixture.scope(sandbox), "email", null, 10);
        assertThat(outbox).hasSize(1);
        assertThat(outbox.get(0).subject()).isEqualTo("Welcome");
        assertThat(outbox.get(0).body()).isEqualTo("Hi Asha");
        assertThat(outbox.get(0).html()).isEqualTo("<p>Hi Asha</p>");
        assertThat(outbox.get(0).recipient()).isEqualTo("asha@example.com");
        assertThat(outbox.get(0).providerMessageId()).isEqualTo(result.providerMessageId());
    }

    @Test
    void whenALiveTenantHasNoSmtpCredentials_sendFailsAsNotConfigured() {
        String unconfigured = fixture.newTenant(false);

        assertThatThrownBy(() -> email.sendEmail(new EmailSend(unconfigured, "lead-10", "asha@example.com", "Hi",
                "Hello", null, "wf-10:s1")))
                .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                    assertThat(failure.getType()).isEqualTo(ErrorCode.PROVIDER_NOT_CONFIGURED.name());
                    assertThat(failure.isNonRetryable()).isTrue();
                });
        assertThat(Outbox.list(fixture.scope(unconfigured), null, null, 10)).isEmpty();
    }

    private List<ActivityEntry> activityLog(String leadId) {
        return fixture.scope(tenant).data().find(Query.query(Criteria.where("leadId").is(leadId)), ActivityEntry.class);
    }

    private static String credentials(int port, String password) {
        return "{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"username\":\"team\",\"password\":\"" + password
                + "\",\"from\":\"team@acme.test\",\"fromName\":\"Acme Team\",\"startTls\":false}";
    }

    private static String anonymous(int port) {
        return "{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"from\":\"team@acme.test\"}";
    }
}
