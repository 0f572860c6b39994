package io.leadflow.workflows.sequences;

import static io.leadflow.workflows.support.WorkflowTestKit.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.contracts.rule.Action;
import io.leadflow.contracts.sequence.LeadEvent;
import io.leadflow.contracts.sequence.SequenceStatus;
import io.leadflow.contracts.sequence.SequenceWorkflow;
import io.leadflow.contracts.sequence.StepRecord;
import io.leadflow.workflows.support.FakeActions;
import io.leadflow.workflows.support.Sequences;
import io.leadflow.workflows.support.WorkflowTestKit;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Ten days of nurture, only in the lead's office hours, until the lead answers. */
class LeadNurtureTest {

    static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    /** A Friday, 17:30 in Kolkata: the welcome fits, the next steps cross a weekend. */
    static final Instant FRIDAY_EVENING = ZonedDateTime.of(2026, 12, 4, 17, 30, 0, 0, KOLKATA).toInstant();
    static final Map<String, Object> LEAD = Map.of("firstName", "Asha", "email", "asha@example.com",
            "phone", "+919876543210", "timezone", "Asia/Kolkata");

    WorkflowTestKit kit;

    @AfterEach
    void tearDown() {
        kit.close();
    }

    private SequenceWorkflow enroll(Instant at) {
        kit = new WorkflowTestKit(at, List.of());
        return kit.startSequence(Sequences.codeInput(LeadNurture.NAME, Map.of(), LEAD));
    }

    @Test
    void everyMessageGoesOutOnAWeekday_inOfficeHours_inTheLeadsZone() {
        SequenceStatus done = result(enroll(FRIDAY_EVENING));

        assertThat(done.status()).isEqualTo("completed");
        assertThat(done.completedSteps()).extracting(StepRecord::stepId)
                .containsExactly("welcome", "tip", "case-study", "check-in", "done");
        List<FakeActions.Call> sends = kit.actions.calls().stream()
                .filter(call -> !call.type().equals(Action.ADD_TAG)).toList();
        assertThat(sends).hasSize(4).allSatisfy(call -> {
            ZonedDateTime local = Instant.ofEpochMilli(call.at()).atZone(KOLKATA);
            assertThat(local.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
            assertThat(local.toLocalTime()).isBetween(LocalTime.of(9, 0), LocalTime.of(18, 0));
        });
        // day 2 falls on Sunday: the tip waits for Monday 09:00
        ZonedDateTime tip = Instant.ofEpochMilli(sends.get(1).at()).atZone(KOLKATA);
        assertThat(tip.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        assertThat(tip.toLocalTime()).isBetween(LocalTime.of(9, 0), LocalTime.of(9, 1));
        assertThat(kit.actions.calls()).last()
                .satisfies(call -> assertThat(call.request().params()).containsEntry("tag", "nurtured"));
    }

    @Test
    void theLeadsFirstReply_endsTheNurture_beforeTheNextMessage() {
        SequenceWorkflow nurture = enroll(FRIDAY_EVENING);
        kit.env.sleep(Duration.ofDays(4));
        int sentBeforeReply = kit.actions.calls().size();

        nurture.leadEvent(new LeadEvent("lead_replied", null, "reply-1"));
        SequenceStatus done = result(nurture);

        assertThat(done.status()).isEqualTo("exited");
        assertThat(done.exitReason()).isEqualTo("lead_replied");
        assertThat(sentBeforeReply).isEqualTo(2);
        assertThat(kit.actions.calls()).hasSize(2);
        assertThat(kit.actions.types()).doesNotContain(Action.ADD_TAG);
    }
}
