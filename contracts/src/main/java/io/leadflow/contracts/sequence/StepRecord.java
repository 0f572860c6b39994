package io.leadflow.contracts.sequence;

import java.util.Map;

/**
 * What one step did: {@code outcome} is {@code done}, {@code skipped} (condition false when due, tenant suspended,
 * lead opted out), {@code failed} or {@code waited}; {@code result} carries the action's answer (message id, meet
 * link, stage) and, when skipped or failed, a stable {@code code} ({@code LEAD_HAS_NO_EMAIL}, {@code TEMPLATE_ERROR},
 * {@code TENANT_SUSPENDED}).
 */
public record StepRecord(int index, String stepId, String action, String outcome, Map<String, Object> result, String at) {

    public static final String DONE = "done";
    public static final String SKIPPED = "skipped";
    public static final String FAILED = "failed";
    public static final String WAITED = "waited";

    /** The stable code of a skipped or failed step, else null. */
    public String code() {
        Object code = result == null ? null : result.get("code");
        return code == null ? null : code.toString();
    }
}
