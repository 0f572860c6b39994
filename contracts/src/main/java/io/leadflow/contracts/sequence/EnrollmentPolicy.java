package io.leadflow.contracts.sequence;

import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import java.util.List;

/**
 * What a second match of the same lead and sequence does, on the deterministic sequence workflow ID:
 * {@code never} (one enrollment ever: reuse is rejected), {@code after_completion} (again once the previous run has
 * ended; a running one is left alone), {@code always} (a running one is restarted from the top with the new
 * enrollment through its {@code restart} signal, which continues it as new).
 *
 * <p>A running sequence always makes the start fail ("already enrolled"); only {@code always} then restarts it.
 * That works the same for a child workflow (which has no conflict policy) and a client start.
 */
public record EnrollmentPolicy(String mode, WorkflowIdReusePolicy reuse, boolean restartsRunning) {

    /** One enrollment per lead and sequence, ever. */
    public static final String NEVER = "never";
    /** Again once the previous run has ended; a running one is left alone. */
    public static final String AFTER_COMPLETION = "after_completion";
    /** Always: a running one restarts from the top with the new enrollment. */
    public static final String ALWAYS = "always";
    /** Every mode, in the order the docs list them. */
    public static final List<String> MODES = List.of(NEVER, AFTER_COMPLETION, ALWAYS);

    /** The policy of a rule's {@code reEnrollment}; null means {@code never}. */
    public static EnrollmentPolicy of(String reEnrollment) {
        String mode = reEnrollment == null ? NEVER : reEnrollment;
        return switch (mode) {
            case AFTER_COMPLETION -> new EnrollmentPolicy(AFTER_COMPLETION,
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE, false);
            case ALWAYS -> new EnrollmentPolicy(ALWAYS,
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE, true);
            default -> new EnrollmentPolicy(NEVER,
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE, false);
        };
    }
}
