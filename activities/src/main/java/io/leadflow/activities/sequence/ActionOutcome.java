package io.leadflow.activities.sequence;

import java.util.Map;

/** What an action did, for the step record: e.g. the stage moved to, the tag added. */
public record ActionOutcome(Map<String, Object> result) {
}
