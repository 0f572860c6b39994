package io.leadflow.shared.lead;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The daily score's documented formula: activity (0-40) + stage (0-30) + recency (0-30). */
class LeadScoreTest {

    static final Instant NOW = Instant.parse("2026-12-01T03:00:00Z");

    @Test
    void aNewSilentLead_scoresZero() {
        assertThat(LeadScore.of(0, 0, 6, "New", null, NOW)).isZero();
    }

    @Test
    void activityCountsEightAMessage_upToForty() {
        assertThat(LeadScore.activity(1)).isEqualTo(8);
        assertThat(LeadScore.activity(5)).isEqualTo(40);
        assertThat(LeadScore.activity(50)).isEqualTo(40);
    }

    @Test
    void stageIsHowFarAlongThePipeline_andLostIsZero() {
        assertThat(LeadScore.stage(0, 6, "New")).isZero();
        assertThat(LeadScore.stage(2, 6, "Qualified")).isEqualTo(12);
        assertThat(LeadScore.stage(4, 6, "Won")).isEqualTo(24);
        assertThat(LeadScore.stage(5, 6, "Lost")).isZero();
        assertThat(LeadScore.stage(0, 1, "Only")).isZero();
    }

    @Test
    void recencyLosesAPointADay_forThirtyDays() {
        assertThat(LeadScore.recency(NOW.minus(Duration.ofHours(3)), NOW)).isEqualTo(30);
        assertThat(LeadScore.recency(NOW.minus(Duration.ofDays(10)), NOW)).isEqualTo(20);
        assertThat(LeadScore.recency(NOW.minus(Duration.ofDays(45)), NOW)).isZero();
    }

    @Test
    void anEngagedLeadNearTheEnd_scoresHigh_andNeverAboveAHundred() {
        assertThat(LeadScore.of(3, 4, 6, "Won", NOW.minus(Duration.ofDays(1)), NOW)).isEqualTo(24 + 24 + 29);
        assertThat(LeadScore.of(99, 5, 6, "Closed", NOW, NOW)).isEqualTo(100);
    }
}
