package io.leadflow.workflows.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.contracts.channel.SendResult;
import io.leadflow.contracts.inbox.InboxReply;
import io.leadflow.contracts.inbox.InboxReplyResult;
import io.leadflow.contracts.inbox.InboxReplyWorkflow;
import io.leadflow.contracts.whatsapp.WhatsAppTemplateSend;
import io.leadflow.contracts.whatsapp.WhatsAppTextSend;
import io.leadflow.workflows.support.WorkflowTestKit;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An inbox reply: text or template through the WhatsApp activity; a refusal is the result, never a failed workflow. */
class InboxReplyWorkflowTest {

    final WorkflowTestKit kit = new WorkflowTestKit();

    @AfterEach
    void tearDown() {
        kit.close();
    }

    @Test
    void aTextReply_goesOutWithItsIdempotencyKey() {
        InboxReplyResult result = kit.start(InboxReplyWorkflow.class, "reply:acme:c-1", "acme").run(new InboxReply("acme",
                "lead-1", "conv-1", "+919876543210", "See you Saturday", null, null, null, null, "reply:c-1"));

        assertThat(result.status()).isEqualTo(SendResult.SENT);
        assertThat(result.providerMessageId()).isEqualTo("wamid.reply");
        assertThat(kit.messaging.whatsapp).singleElement().isInstanceOfSatisfying(WhatsAppTextSend.class, send -> {
            assertThat(send.body()).isEqualTo("See you Saturday");
            assertThat(send.idempotencyKey()).isEqualTo("reply:c-1");
        });
    }

    @Test
    void aTemplateReply_refusedByTheChannel_endsFailedWithItsCode() {
        kit.messaging.sends = send -> {
            throw ApplicationFailure.newNonRetryableFailure("the template does not exist", "PROVIDER_PERMANENT");
        };

        InboxReplyResult result = kit.start(InboxReplyWorkflow.class, "reply:acme:c-2", "acme").run(new InboxReply("acme",
                "lead-1", "conv-1", "+919876543210", null, "follow_up", "en_US", List.of("Asha"), List.of(), "reply:c-2"));

        assertThat(result.status()).isEqualTo("failed");
        assertThat(result.code()).isEqualTo("PROVIDER_PERMANENT");
        assertThat(result.message()).isEqualTo("the template does not exist");
        assertThat(kit.messaging.whatsapp).singleElement().isInstanceOf(WhatsAppTemplateSend.class);
    }
}
