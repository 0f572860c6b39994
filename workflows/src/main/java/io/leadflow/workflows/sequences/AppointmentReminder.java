package io.leadflow.workflows.sequences;

import io.leadflow.contracts.sequence.StepRecord;
import io.leadflow.workflows.sequence.SequenceDefinition;
import io.leadflow.workflows.sequence.SequenceRuntime;
import io.leadflow.workflows.sequence.WaitResult;
import java.time.Duration;
import java.util.List;

/**
 * WhatsApp first, e-mail as the fallback: reminds the lead of an appointment with an approved WhatsApp template and
 * waits a day for a reply. A reply confirms (tag {@code reminder_confirmed}); no reply, or no way to reach the lead on
 * WhatsApp, sends the same reminder by e-mail. A cancelled appointment ends it at any point.
 *
 * <p>Expects the enrolling event's variables {@code service} and {@code appointmentTime}; the WhatsApp template
 * {@code appointment_reminder} takes them as {@code {{1}}} = first name, {@code {{2}}} = service,
 * {@code {{3}}} = time.
 */
public final class AppointmentReminder implements SequenceDefinition {

    public static final String NAME = "appointment-reminder";
    static final Duration REPLY_WINDOW = Duration.ofHours(24);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public String description() {
        return "WhatsApp appointment reminder; e-mail fallback when the lead does not reply within 24 h";
    }

    @Override
    public List<String> steps() {
        return List.of("whatsapp-reminder", "await-reply", "confirmed", "email-fallback");
    }

    @Override
    public List<String> exitOn() {
        return List.of("appointment_cancelled");
    }

    @Override
    public List<String> listensTo() {
        return List.of("lead_replied", "appointment_cancelled");
    }

    @Override
    public void run(SequenceRuntime sequence) {
        sequence.step("whatsapp-reminder");
        StepRecord whatsapp = sequence.sendWhatsAppTemplate("appointment_reminder", "en_US",
                List.of("{{lead.firstName}}", "{{event.service}}", "{{event.appointmentTime}}"));
        if (whatsapp == null) {
            return; // cancelled meanwhile
        }
        if (StepRecord.DONE.equals(whatsapp.outcome())) {
            sequence.step("await-reply");
            WaitResult reply = sequence.waitFor(REPLY_WINDOW, "lead_replied");
            if (reply.happened()) {
                sequence.step("confirmed");
                sequence.addTag("reminder_confirmed");
                return;
            }
            if (sequence.stopped()) {
                return;
            }
        }
        sequence.step("email-fallback");
        sequence.sendEmail("Reminder: your {{event.service}} on {{event.appointmentTime}}",
                "Hi {{lead.firstName}},\n\nthis is a reminder of your {{event.service}} on {{event.appointmentTime}}."
                        + "\nReply to this e-mail if you need to change it.\n");
    }
}
