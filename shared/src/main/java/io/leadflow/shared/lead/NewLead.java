package io.leadflow.shared.lead;

import java.util.List;
import java.util.Map;

/**
 * What a new lead is made of (the body of {@code POST /api/crm/leads}). A phone (E.164) or an email is
 * required; without a pipeline the tenant's default one is used, and without a stage its first stage.
 *
 * @param stageName a stage of the pipeline by name, instead of {@code stageId}
 */
public record NewLead(
        String firstName,
        String lastName,
        String email,
        String phone,
        String source,
        Integer score,
        Double dealValue,
        List<String> tags,
        String assignedTo,
        String pipelineId,
        String stageId,
        String stageName,
        Map<String, Object> refs,
        Map<String, Object> extra,
        String timezone) {

    /** A lead known only by its contact, as the trigger endpoint creates them. */
    public static NewLead contact(String phone, String email, String firstName, String lastName, String source) {
        return new NewLead(firstName, lastName, email, phone, source, null, null, null, null, null, null, null, null,
                null, null);
    }
}
