package io.leadflow.contracts.rule;

import static io.leadflow.contracts.rule.Condition.leaf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.contracts.rule.Condition;
import io.leadflow.contracts.rule.ConditionEvaluator;
import io.leadflow.contracts.template.EvaluationContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConditionEvaluatorTest {

    private final Map<String, Object> context = EvaluationContext.of(lead(), "demo_booked",
            Map.of("plan", "gold", "amount", "2500", "seats", 3L, "bookedOn", "2025-07-01"), null,
            Map.of("step-2", "timeout"));

    private static Map<String, Object> lead() {
        Map<String, Object> lead = new LinkedHashMap<>();
        lead.put("firstName", "Asha");
        lead.put("email", "");
        lead.put("score", 42);
        lead.put("dealValue", 5000.0);
        lead.put("tags", List.of("vip", "webinar"));
        lead.put("stage", "Qualified");
        return lead;
    }

    private boolean holds(Condition condition) {
        return ConditionEvaluator.evaluate(condition, context);
    }

    @Test
    void noConditionAlwaysHolds() {
        assertThat(holds(null)).isTrue();
    }

    @Nested
    class Numbers {

        @Test
        void integersLongsAndDoublesCompareByValue() {
            assertThat(holds(leaf("lead.score", "equal", 42.0))).isTrue();
            assertThat(holds(leaf("lead.dealValue", "equal", 5000))).isTrue();
            assertThat(holds(leaf("event.seats", "equal", 3))).isTrue();
            assertThat(holds(leaf("lead.dealValue", "greaterThan", 4999L))).isTrue();
            assertThat(holds(leaf("lead.score", "lessThan", 42.5))).isTrue();
        }

        @Test
        void inclusiveBoundsIncludeTheValue() {
            assertThat(holds(leaf("lead.score", "greaterThanInclusive", 42))).isTrue();
            assertThat(holds(leaf("lead.score", "greaterThan", 42))).isFalse();
            assertThat(holds(leaf("lead.score", "lessThanInclusive", 42))).isTrue();
            assertThat(holds(leaf("lead.score", "lessThan", 42))).isFalse();
        }

        @Test
        void aNumericStringFromAFormComparesAsANumber() {
            assertThat(holds(leaf("event.amount", "equal", 2500))).isTrue();
            assertThat(holds(leaf("event.amount", "greaterThan", 999))).isTrue();
        }

        @Test
        void twoNumericStringsCompareNumericallyNotAlphabetically() {
            assertThat(ConditionEvaluator.test("10", "greaterThan", "9")).isTrue();
        }
    }

    @Nested
    class Strings {

        @Test
        void equalityIsExactAndCaseSensitive() {
            assertThat(holds(leaf("event.plan", "equal", "gold"))).isTrue();
            assertThat(holds(leaf("event.plan", "equal", "Gold"))).isFalse();
            assertThat(holds(leaf("event.plan", "notEqual", "silver"))).isTrue();
        }

        @Test
        void isoDatesOrderAsStrings() {
            assertThat(holds(leaf("event.bookedOn", "lessThan", "2025-12-31"))).isTrue();
            assertThat(holds(leaf("event.bookedOn", "greaterThan", "2025-12-31"))).isFalse();
        }

        @Test
        void containsFindsSubstrings() {
            assertThat(holds(leaf("lead.firstName", "contains", "sh"))).isTrue();
            assertThat(holds(leaf("lead.firstName", "doesNotContain", "z"))).isTrue();
        }

        @Test
        void aStringAndANumberThatIsNotNumericAreNeitherEqualNorOrdered() {
            assertThat(holds(leaf("event.plan", "equal", 1))).isFalse();
            assertThat(holds(leaf("event.plan", "greaterThan", 1))).isFalse();
            assertThat(holds(leaf("event.plan", "lessThan", 1))).isFalse();
        }
    }

    @Nested
    class Lists {

        @Test
        void containsLooksForATagInTheList() {
            assertThat(holds(leaf("lead.tags", "contains", "vip"))).isTrue();
            assertThat(holds(leaf("lead.tags", "contains", "vi"))).isFalse();
            assertThat(holds(leaf("lead.tags", "doesNotContain", "customer"))).isTrue();
        }

        @Test
        void inMatchesAnyOption() {
            assertThat(holds(leaf("event.plan", "in", List.of("gold", "platinum")))).isTrue();
            assertThat(holds(leaf("lead.score", "in", List.of(1, 42.0)))).isTrue();
            assertThat(holds(leaf("event.plan", "notIn", List.of("silver")))).isTrue();
        }

        @Test
        void aListFactIsInTheOptionsWhenTheyShareAnElement() {
            assertThat(holds(leaf("lead.tags", "in", List.of("customer", "webinar")))).isTrue();
            assertThat(holds(leaf("lead.tags", "notIn", List.of("customer")))).isTrue();
        }
    }

    @Nested
    class MissingFacts {

        @Test
        void aMissingFactEqualsOnlyNullAndFailsEveryOrdering() {
            assertThat(holds(leaf("lead.nickname", "equal", null))).isTrue();
            assertThat(holds(leaf("lead.nickname", "equal", "x"))).isFalse();
            assertThat(holds(leaf("lead.nickname", "notEqual", "x"))).isTrue();
            assertThat(holds(leaf("lead.nickname", "greaterThan", 0))).isFalse();
            assertThat(holds(leaf("lead.nickname", "lessThan", 0))).isFalse();
            assertThat(holds(leaf("lead.nickname", "in", List.of("x")))).isFalse();
            assertThat(holds(leaf("lead.nickname", "notIn", List.of("x")))).isTrue();
            assertThat(holds(leaf("lead.nickname", "contains", "x"))).isFalse();
            assertThat(holds(leaf("lead.nickname", "doesNotContain", "x"))).isTrue();
        }

        @Test
        void existsTreatsNullAndBlankAsAbsent() {
            assertThat(holds(leaf("lead.firstName", "exists", true))).isTrue();
            assertThat(holds(leaf("lead.email", "exists", true))).isFalse();
            assertThat(holds(leaf("lead.nickname", "exists", false))).isTrue();
            assertThat(holds(leaf("resolved.meetLink", "exists", false))).isTrue();
        }
    }

    @Nested
    class Groups {

        @Test
        void allNeedsEveryChildAndAnyNeedsOne() {
            Condition vip = leaf("lead.tags", "contains", "vip");
            Condition big = leaf("lead.dealValue", "greaterThan", 10_000);

            assertThat(holds(Condition.all(List.of(vip, big)))).isFalse();
            assertThat(holds(Condition.any(List.of(vip, big)))).isTrue();
            assertThat(holds(Condition.not(big))).isTrue();
        }

        @Test
        void nestedGroupsBranchOnWhatEndedAWait() {
            Condition noReplyButQualified = Condition.all(List.of(
                    leaf("wait.step-2", "equal", "timeout"),
                    Condition.any(List.of(leaf("lead.stage", "equal", "Qualified"), leaf("lead.score", "greaterThan", 90))),
                    Condition.not(leaf("lead.tags", "contains", "customer"))));

            assertThat(holds(noReplyButQualified)).isTrue();
        }

        @Test
        void emptyAllHoldsAndEmptyAnyDoesNot() {
            assertThat(holds(Condition.all(List.of()))).isTrue();
            assertThat(holds(Condition.any(List.of()))).isFalse();
        }
    }

    @Test
    void anUnknownOperatorIsAProgrammingErrorNotAFalse() {
        assertThatThrownBy(() -> holds(leaf("lead.score", "approximately", 40)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("approximately");
    }
}
