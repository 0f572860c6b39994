package io.leadflow.contracts.sequence;

import java.util.Map;

/**
 * A lead as facts for conditions and send windows, read when a step comes due.
 *
 * @param exists false once the lead has been deleted (the sequence then ends)
 */
public record LeadSnapshot(boolean exists, Map<String, Object> facts, String timezone) {
}
