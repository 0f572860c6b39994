package io.leadflow.contracts.temporal;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The custom search attributes Leadflow workflows carry, so operators can filter in the Temporal Web UI and the CLI:
 * by tenant ({@code ClientCode = "acme"}), lead, trigger and rule on every workflow, and on sequences by their state
 * ({@code SequenceStatus = "paused"}), current step, name and next wake-up ({@code NextWakeAt < "2026-12-02T00:00:00Z"}).
 * Sequences upsert their state once per state change, never once per phase.
 */
public final class LeadflowSearchAttributes {

    public static final SearchAttributeKey<String> CLIENT_CODE = SearchAttributeKey.forKeyword("ClientCode");
    public static final SearchAttributeKey<String> LEAD_ID = SearchAttributeKey.forKeyword("LeadId");
    public static final SearchAttributeKey<String> TRIGGER = SearchAttributeKey.forKeyword("Trigger");
    public static final SearchAttributeKey<String> RULE_ID = SearchAttributeKey.forKeyword("RuleId");
    public static final SearchAttributeKey<String> SEQUENCE_NAME = SearchAttributeKey.forKeyword("SequenceName");
    public static final SearchAttributeKey<String> SEQUENCE_STATUS = SearchAttributeKey.forKeyword("SequenceStatus");
    public static final SearchAttributeKey<String> SEQUENCE_STEP = SearchAttributeKey.forKeyword("SequenceStep");
    public static final SearchAttributeKey<OffsetDateTime> NEXT_WAKE_AT = SearchAttributeKey.forOffsetDateTime("NextWakeAt");

    /** Name to type, for registration with the server's operator service. */
    public static final Map<String, IndexedValueType> ALL;

    static {
        Map<String, IndexedValueType> all = new LinkedHashMap<>();
        for (SearchAttributeKey<?> key : new SearchAttributeKey<?>[] {CLIENT_CODE, LEAD_ID, TRIGGER, RULE_ID,
                SEQUENCE_NAME, SEQUENCE_STATUS, SEQUENCE_STEP, NEXT_WAKE_AT}) {
            all.put(key.getName(), key.getValueType());
        }
        ALL = Map.copyOf(all);
    }

    private LeadflowSearchAttributes() {
    }

    /** The attributes every Leadflow workflow starts with; null values are left out. */
    public static SearchAttributes of(String clientCode, String leadId, String trigger, String ruleId) {
        return builder(clientCode, leadId, trigger, ruleId).build();
    }

    /** The attributes a sequence starts with: the common ones, its name, {@code running} and its first step. */
    public static SearchAttributes ofSequence(String clientCode, String leadId, String trigger, String ruleId,
                                              String sequenceName, String firstStep) {
        SearchAttributes.Builder builder = builder(clientCode, leadId, trigger, ruleId)
                .set(SEQUENCE_STATUS, "running");
        if (sequenceName != null) {
            builder.set(SEQUENCE_NAME, sequenceName);
        }
        if (firstStep != null) {
            builder.set(SEQUENCE_STEP, firstStep);
        }
        return builder.build();
    }

    private static SearchAttributes.Builder builder(String clientCode, String leadId, String trigger, String ruleId) {
        SearchAttributes.Builder builder = SearchAttributes.newBuilder().set(CLIENT_CODE, clientCode);
        if (leadId != null) {
            builder.set(LEAD_ID, leadId);
        }
        if (trigger != null) {
            builder.set(TRIGGER, trigger);
        }
        if (ruleId != null) {
            builder.set(RULE_ID, ruleId);
        }
        return builder;
    }
}
