package io.leadflow.shared.lead;

import io.leadflow.shared.error.FieldValidationException;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    private static final Set<String> FIELDS = Set.of("firstName", "lastName", "email", "phone", "source", "score",
            "dealValue", "tags", "assignedTo", "pipelineId", "stageId", "stageName", "refs", "extra", "timezone");

    /**
     * A draft from a JSON body, refusing unknown fields (so a typo is an error, not a silently dropped value) and
     * naming the field of every wrongly typed value.
     */
    public static NewLead from(Map<String, ?> body) {
        if (body == null) {
            throw new FieldValidationException("body", "a lead object is required");
        }
        for (String key : body.keySet()) {
            if (!FIELDS.contains(key)) {
                throw new FieldValidationException(key, "unknown field");
            }
        }
        return new NewLead(
                LeadInput.text(body.get("firstName"), "firstName", 100),
                LeadInput.text(body.get("lastName"), "lastName", 100),
                LeadInput.text(body.get("email"), "email", 320),
                LeadInput.text(body.get("phone"), "phone", 32),
                LeadInput.text(body.get("source"), "source", 100),
                LeadInput.score(body.get("score"), "score"),
                LeadInput.dealValue(body.get("dealValue"), "dealValue"),
                body.get("tags") == null ? null : LeadInput.tags(body.get("tags"), "tags"),
                LeadInput.text(body.get("assignedTo"), "assignedTo", 128),
                LeadInput.text(body.get("pipelineId"), "pipelineId", 64),
                LeadInput.text(body.get("stageId"), "stageId", 64),
                LeadInput.text(body.get("stageName"), "stageName", 100),
                LeadInput.attributes(body.get("refs"), "refs"),
                LeadInput.attributes(body.get("extra"), "extra"),
                LeadInput.text(body.get("timezone"), "timezone", 64));
    }

    /**
     * Checks a phone and an email as lead creation would (E.164; an address with a domain), so an endpoint can refuse
     * them before it records anything. Nulls are fine; each problem names its field.
     */
    public static void checkContact(String phone, String email) {
        LeadInput.phone(phone, "phone");
        LeadInput.email(email, "email");
    }

    /** A lead known only by its contact, as the trigger endpoint creates them. */
    public static NewLead contact(String phone, String email, String firstName, String lastName, String source) {
        return new NewLead(firstName, lastName, email, phone, source, null, null, null, null, null, null, null, null,
                null, null);
    }
}
