package io.leadflow.shared.lead;

import io.leadflow.contracts.rule.Action;
import io.leadflow.shared.error.FieldValidationException;
import io.leadflow.shared.tenant.TenantScope;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The CRM actions a rule step can run on a lead, and what each one changed. */
final class LeadActions {

    private LeadActions() {
    }

    /**
     * Runs a CRM action of a rule step ({@code move_stage}, {@code assign_to}, {@code add_tag},
     * {@code remove_tag}) with already rendered params, and says what happened.
     *
     * @throws FieldValidationException for an unknown stage or action: not worth retrying
     */
    static Map<String, Object> apply(LeadService leads, TenantScope tenant, String leadId, String type,
                                     Map<String, Object> params, int depth) {
        Map<String, Object> p = params == null ? Map.of() : params;
        Map<String, Object> outcome = new LinkedHashMap<>();
        switch (type) {
            case Action.MOVE_STAGE -> {
                Lead before = leads.get(tenant, leadId);
                Lead after = leads.moveStage(tenant, leadId, str(p.get("stageId")), str(p.get("stageName")), depth);
                outcome.put("stageId", after.stageId());
                outcome.put("stageName", leads.pipelineOf(tenant, after).stage(after.stageId())
                        .map(Pipeline.Stage::name).orElse(null));
                outcome.put("changed", !Objects.equals(before.stageId(), after.stageId()));
            }
            case Action.ASSIGN_TO -> {
                Lead before = leads.get(tenant, leadId);
                Lead after = leads.assign(tenant, leadId, str(p.get("userId")), depth);
                outcome.put("userId", after.assignedTo());
                outcome.put("changed", !Objects.equals(before.assignedTo(), after.assignedTo()));
            }
            case Action.ADD_TAG, Action.REMOVE_TAG -> {
                String tag = str(p.get("tag"));
                boolean adding = Action.ADD_TAG.equals(type);
                Lead before = leads.get(tenant, leadId);
                boolean had = before.tags() != null && tag != null && before.tags().contains(tag.trim());
                Lead after = adding ? leads.addTag(tenant, leadId, tag, depth)
                        : leads.removeTag(tenant, leadId, tag, depth);
                boolean has = after.tags() != null && tag != null && after.tags().contains(tag.trim());
                outcome.put("tag", tag == null ? null : tag.trim());
                outcome.put("changed", had != has);
            }
            default -> throw new FieldValidationException("action.type", "'" + type + "' is not a CRM action");
        }
        return outcome;
    }

    private static String str(Object value) {
        return value == null ? null : value.toString();
    }
}
