package io.leadflow.shared.sequence;

import io.leadflow.shared.rule.AutomationRule;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;

/**
 * What a second match of the same lead and sequence does, expressed as Temporal ID policies on the deterministic
 * sequence workflow ID: {@code never} (one enrollment ever), {@code after_completion} (again once the previous
 * run has ended; a running one is left alone), {@code always} (restart: the running one is terminated).
 */
public record EnrollmentPolicy(WorkflowIdReusePolicy reuse, WorkflowIdConflictPolicy conflict) {

    public static EnrollmentPolicy of(String reEnrollment) {
        String mode = reEnrollment == null ? AutomationRule.NEVER : reEnrollment;
        return switch (mode) {
            case AutomationRule.AFTER_COMPLETION -> new EnrollmentPolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL);
            case AutomationRule.ALWAYS -> new EnrollmentPolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING);
            default -> new EnrollmentPolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL);
        };
    }
}
