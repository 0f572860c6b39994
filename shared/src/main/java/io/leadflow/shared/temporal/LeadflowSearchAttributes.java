package io.leadflow.shared.temporal;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import java.util.Map;

/**
 * The custom search attributes every Leadflow workflow carries, so operators can filter by tenant, lead,
 * trigger and rule in the Temporal Web UI ({@code ClientCode = "acme"}).
 */
public final class LeadflowSearchAttributes {

    public static final SearchAttributeKey<String> CLIENT_CODE = SearchAttributeKey.forKeyword("ClientCode");
    public static final SearchAttributeKey<String> LEAD_ID = SearchAttributeKey.forKeyword("LeadId");
    public static final SearchAttributeKey<String> TRIGGER = SearchAttributeKey.forKeyword("Trigger");
    public static final SearchAttributeKey<String> RULE_ID = SearchAttributeKey.forKeyword("RuleId");

    /** Name to type, for registration with the server's operator service. */
    public static final Map<String, IndexedValueType> ALL = Map.of(
            CLIENT_CODE.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
            LEAD_ID.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
            TRIGGER.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
            RULE_ID.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);

    private LeadflowSearchAttributes() {
    }

    /** The attributes for one workflow; null values are left out. */
    public static SearchAttributes of(String clientCode, String leadId, String trigger, String ruleId) {
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
        return builder.build();
    }
}
