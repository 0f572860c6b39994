package io.leadflow.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestartBudgetTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void eachChildMayCrashUpToTheBudgetWithinTheWindow_thenTheStackGivesUp() {
        RestartBudget budget = new RestartBudget(2, Duration.ofMinutes(10));

        assertThat(budget.allow("worker", T0)).isTrue();
        assertThat(budget.allow("worker", T0.plusSeconds(10))).isTrue();
        assertThat(budget.allow("api", T0.plusSeconds(20))).as("budgets are per child").isTrue();
        assertThat(budget.allow("worker", T0.plusSeconds(30))).isFalse();
    }

    @Test
    void crashesOlderThanTheWindow_areForgotten() {
        RestartBudget budget = new RestartBudget(1, Duration.ofMinutes(10));

        assertThat(budget.allow("temporal", T0)).isTrue();
        assertThat(budget.allow("temporal", T0.plus(Duration.ofMinutes(11)))).isTrue();
    }
}
