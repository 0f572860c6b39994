package io.leadflow.workflows.replay;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.workflows.sequence.SequenceDefinition;
import io.leadflow.workflows.sequence.SequenceRuntime;
import io.leadflow.workflows.sequence.WaitResult;
import io.leadflow.workflows.sequences.AppointmentReminder;
import io.leadflow.workflows.sequences.LeadNurture;
import io.temporal.worker.NonDeterministicException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The replay suite catches what it is there for: the appointment reminder changed so that it e-mails before it
 * sends WhatsApp fails to replay a recorded history; the same change behind {@code version(...)} replays.
 */
class IncompatibleChangeTest {

    /** The reminder as someone might "improve" it: an e-mail first, then WhatsApp. */
    static final class EmailFirstReminder implements SequenceDefinition {
        private final boolean guarded;

        EmailFirstReminder(boolean guarded) {
            this.guarded = guarded;
        }

        @Override
        public String name() {
            return AppointmentReminder.NAME;
        }

        @Override
        public int version() {
            return 2;
        }

        @Override
        public String description() {
            return "changed";
        }

        @Override
        public List<String> steps() {
            return new AppointmentReminder().steps();
        }

        @Override
        public List<String> exitOn() {
            return new AppointmentReminder().exitOn();
        }

        @Override
        public void run(SequenceRuntime sequence) {
            if (guarded && sequence.version("email-first", 1) == Workflow.DEFAULT_VERSION) {
                new AppointmentReminder().run(sequence); // runs already past this point keep the old behaviour
                return;
            }
            sequence.step("email-first");
            sequence.sendEmail("Your appointment", "Hi {{lead.firstName}}");
            sequence.step("whatsapp-reminder");
            sequence.sendWhatsAppTemplate("appointment_reminder", "en_US", List.of("{{lead.firstName}}"));
            WaitResult reply = sequence.waitFor(Duration.ofHours(24), "lead_replied");
            if (reply.happened()) {
                sequence.addTag("reminder_confirmed");
            }
        }
    }

    @Test
    void reorderingTheRemindersSteps_failsToReplayARecordedHistory() throws Exception {
        var history = ReplayTest.load("appointment-reminder-email-fallback");

        assertThatThrownBy(() -> ReplayTest.replay(history, List.of(new EmailFirstReminder(false), new LeadNurture())))
                .hasMessageContaining(NonDeterministicException.class.getName())
                .hasMessageContaining("does not match command type");
    }

    @Test
    void theSameChangeBehindGetVersion_replaysTheRecordedHistory() throws Exception {
        var history = ReplayTest.load("appointment-reminder-email-fallback");

        assertThatCode(() -> ReplayTest.replay(history, List.of(new EmailFirstReminder(true), new LeadNurture())))
                .doesNotThrowAnyException();
    }
}
