package io.leadflow.contracts.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import org.junit.jupiter.api.Test;

class EnrollmentPolicyTest {

    @Test
    void never_meansOneEnrollmentEver() {
        EnrollmentPolicy policy = EnrollmentPolicy.of("never");
        assertThat(policy.reuse()).isEqualTo(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE);
        assertThat(policy.restartsRunning()).isFalse();
        assertThat(EnrollmentPolicy.of(null)).isEqualTo(policy);
    }

    @Test
    void afterCompletion_allowsANewRunOnlyOnceThePreviousEnded() {
        EnrollmentPolicy policy = EnrollmentPolicy.of("after_completion");
        assertThat(policy.reuse()).isEqualTo(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE);
        assertThat(policy.restartsRunning()).isFalse();
    }

    @Test
    void always_restartsTheRunningSequence() {
        EnrollmentPolicy policy = EnrollmentPolicy.of("always");
        assertThat(policy.reuse()).isEqualTo(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE);
        assertThat(policy.restartsRunning()).isTrue();
    }

    @Test
    void leadEvents_matchExitEntriesByNameAndQualifier() {
        LeadEvent tagged = new LeadEvent("tag_added", "Customer", "e1");
        assertThat(tagged.matches("tag_added")).isTrue();
        assertThat(tagged.matches("tag_added:customer")).isTrue();
        assertThat(tagged.matches("tag_added:vip")).isFalse();
        assertThat(new LeadEvent("stage_enter", "Won", "e2").matches("stage_changed")).isTrue();
        assertThat(new LeadEvent("stage_exit", "New", "e3").matches("stage_changed")).isFalse();
        assertThat(LeadEvent.of("tag_removed", java.util.Map.of("tag", "vip"), "e4").qualifier()).isEqualTo("vip");
        assertThat(LeadEvent.listenName("stage_changed")).isEqualTo("stage_enter");
        assertThat(LeadEvent.listenName("tag_added:customer")).isEqualTo("tag_added");
    }
}
