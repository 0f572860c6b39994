package io.leadflow.contracts.action;

import java.util.Map;

/**
 * What an action did.
 *
 * @param outcome {@code done} or {@code skipped}
 * @param code why it was skipped ({@code TENANT_SUSPENDED}, {@code OPTED_OUT}), else null
 * @param result the action's answer: provider message id, Meet link, stage moved to, webhook status
 */
public record ActionOutcome(String outcome, String code, Map<String, Object> result) {

    public static final String DONE = "done";
    public static final String SKIPPED = "skipped";

    public static ActionOutcome done(Map<String, Object> result) {
        return new ActionOutcome(DONE, null, result);
    }

    public static ActionOutcome skipped(String code) {
        return new ActionOutcome(SKIPPED, code, Map.of());
    }
}
