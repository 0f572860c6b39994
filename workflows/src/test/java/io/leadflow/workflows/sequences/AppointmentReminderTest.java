package io.leadflow.workflows.sequences;

import static io.leadflow.workflows.support.WorkflowTestKit.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadflow.contracts.action.ActionOutcome;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.rule.Action;
import io.leadflow.contracts.sequence.LeadEvent;
import io.leadflow.contracts.sequence.SequenceStatus;
import io.leadflow.contracts.sequence.SequenceWorkflow;
import io.leadflow.contracts.sequence.StepRecord;
import io.leadflow.workflows.support.FakeActions;
import io.leadflow.workflows.support.Sequences;
import io.leadflow.workflows.support.WorkflowTestKit;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The appointment reminder as a lead lives it: WhatsApp first, a day to answer, e-mail when there is no answer. */
class AppointmentReminderTest {

    static final Map<String, Object> APPOINTMENT = Map.of("service", "Dental cleaning", "appointmentTime", "Fri 10:30");

    final WorkflowTestKit kit = new WorkflowTestKit();

    @AfterEach
    void tearDown() {
        kit.close();
    }

    private SequenceWorkflow enroll(Map<String, Object> lead) {
        return kit.startSequence(Sequences.codeInput(AppointmentReminder.NAME, APPOINTMENT, lead));
    }

    @Test
    void whenTheLeadRepliesOnWhatsApp_theReminderIsConfirmed_andNoEmailGoesOut() {
        SequenceWorkflow reminder = enroll(Sequences.ASHA);
        kit.env.sleep(Duration.ofHours(3));

        reminder.leadEvent(new LeadEvent("lead_replied", null, "reply-1"));
        SequenceStatus done = result(reminder);

        assertThat(done.status()).isEqualTo("completed");
        assertThat(done.completedSteps()).extracting(StepRecord::stepId).containsExactly("whatsapp-reminder", "confirmed");
        assertThat(kit.actions.types()).containsExactly(Action.SEND_WHATSAPP, Action.ADD_TAG);
        FakeActions.Call whatsapp = kit.actions.calls().get(0);
        assertThat(whatsapp.request().params()).containsEntry("templateName", "appointment_reminder")
                .containsEntry("variables", List.of("{{lead.firstName}}", "{{event.service}}", "{{event.appointmentTime}}"));
        assertThat(kit.actions.calls().get(1).request().params()).containsEntry("tag", "reminder_confirmed");
    }

    @Test
    void whenTheLeadStaysSilentForADay_theSameReminderGoesOutByEmail() {
        long started = kit.env.currentTimeMillis();
        SequenceStatus done = result(enroll(Sequences.ASHA));

        assertThat(done.completedSteps()).extracting(StepRecord::stepId)
                .containsExactly("whatsapp-reminder", "email-fallback");
        assertThat(kit.actions.types()).containsExactly(Action.SEND_WHATSAPP, Action.SEND_EMAIL);
        FakeActions.Call email = kit.actions.calls().get(1);
        assertThat(email.at() - started).isCloseTo(Duration.ofHours(24).toMillis(), within(1_000L));
        assertThat(email.request().params().get("subject").toString()).contains("{{event.service}}");
    }

    @Test
    void leadWithoutAPhone_getsTheEmailAtOnce() {
        long started = kit.env.currentTimeMillis();
        kit.actions.answer(request -> {
            if (request.type().equals(Action.SEND_WHATSAPP)) {
                throw ApplicationFailure.newNonRetryableFailure("the lead has no phone", ErrorCode.LEAD_HAS_NO_PHONE.name());
            }
            return ActionOutcome.done(Map.of());
        });

        SequenceStatus done = result(enroll(Map.of("firstName", "Ravi", "email", "ravi@example.com")));

        assertThat(done.completedSteps()).extracting(StepRecord::outcome).containsExactly("failed", "done");
        assertThat(done.completedSteps().get(0).code()).isEqualTo("LEAD_HAS_NO_PHONE");
        assertThat(kit.actions.calls().get(1).at() - started).isLessThan(Duration.ofMinutes(1).toMillis());
    }

    @Test
    void cancelledAppointment_endsTheReminderBeforeTheFallback() {
        SequenceWorkflow reminder = enroll(Sequences.ASHA);
        kit.env.sleep(Duration.ofHours(5));

        reminder.leadEvent(new LeadEvent("appointment_cancelled", null, "cancel-1"));
        SequenceStatus done = result(reminder);

        assertThat(done.status()).isEqualTo("exited");
        assertThat(done.exitReason()).isEqualTo("appointment_cancelled");
        assertThat(kit.actions.types()).containsExactly(Action.SEND_WHATSAPP);
    }
}
