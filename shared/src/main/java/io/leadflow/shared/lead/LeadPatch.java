package io.leadflow.shared.lead;

import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.error.FieldValidationException;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.tenant.TenantScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * One {@code PATCH} of a lead: the fields present change ({@code null} clears an optional one); {@code tags} replaces
 * the tag list, {@code assignedTo} assigns, {@code stageId}/{@code stageName} moves and {@code optOut} opts out or back
 * in per channel, each through the service's own method so it fires the same triggers. Everything is validated
 * before anything is written.
 */
final class LeadPatch {

    private static final Set<String> PATCHABLE = Set.of("firstName", "lastName", "email", "phone", "source", "score",
            "dealValue", "refs", "extra", "timezone", "tags", "assignedTo", "stageId", "stageName", "pipelineId", "optOut");
    private static final Set<String> READ_ONLY = Set.of("id", "_id", "clientCode", "createdAt", "updatedAt");

    private final LeadService leads;
    private final TenantScope tenant;
    private final String id;
    private final int depth;

    LeadPatch(LeadService leads, TenantScope tenant, String id, int depth) {
        this.leads = leads;
        this.tenant = tenant;
        this.id = id;
        this.depth = depth;
    }

    Lead apply(Map<String, ?> changes) {
        if (changes == null) {
            throw new FieldValidationException("body", "an object of fields to change is required");
        }
        for (String key : changes.keySet()) {
            if (!PATCHABLE.contains(key) && !READ_ONLY.contains(key)) {
                throw new FieldValidationException(key, "unknown field");
            }
        }
        Lead lead = leads.get(tenant, id);
        if (changes.containsKey("pipelineId") && !Objects.equals(changes.get("pipelineId"), lead.pipelineId())) {
            throw new FieldValidationException("pipelineId", "a lead cannot change pipeline; create it in the other pipeline");
        }
        if (changes.containsKey("stageId") && changes.containsKey("stageName")) {
            throw new FieldValidationException("stageId", "give stageId or stageName, not both");
        }
        Update update = new Update();
        List<String> changed = new ArrayList<>();
        String phone = lead.phone();
        String email = lead.email();
        if (changes.containsKey("phone")) {
            phone = LeadInput.phone(string(changes.get("phone"), "phone"), "phone");
        }
        if (changes.containsKey("email")) {
            email = LeadInput.email(string(changes.get("email"), "email"), "email");
        }
        if (phone == null && email == null) {
            throw new FieldValidationException(changes.containsKey("phone") ? "phone" : "email",
                    "a lead needs a phone (E.164) or an email");
        }
        setIfChanged(update, changed, "phone", lead.phone(), phone);
        setIfChanged(update, changed, "email", lead.email(), email);
        if (changes.containsKey("firstName")) {
            setIfChanged(update, changed, "firstName", lead.firstName(), LeadInput.text(changes.get("firstName"), "firstName", 100));
        }
        if (changes.containsKey("lastName")) {
            setIfChanged(update, changed, "lastName", lead.lastName(), LeadInput.text(changes.get("lastName"), "lastName", 100));
        }
        if (changes.containsKey("source")) {
            setIfChanged(update, changed, "source", lead.source(), LeadInput.text(changes.get("source"), "source", 100));
        }
        if (changes.containsKey("score")) {
            setIfChanged(update, changed, "score", lead.score(), LeadInput.score(changes.get("score"), "score"));
        }
        if (changes.containsKey("dealValue")) {
            setIfChanged(update, changed, "dealValue", lead.dealValue(), LeadInput.dealValue(changes.get("dealValue"), "dealValue"));
        }
        if (changes.containsKey("timezone")) {
            setIfChanged(update, changed, "timezone", lead.timezone(), LeadInput.timezone(changes.get("timezone"), "timezone"));
        }
        if (changes.containsKey("refs")) {
            setIfChanged(update, changed, "refs", lead.refs(), LeadInput.attributes(changes.get("refs"), "refs"));
        }
        if (changes.containsKey("extra")) {
            setIfChanged(update, changed, "extra", lead.extra(), LeadInput.attributes(changes.get("extra"), "extra"));
        }
        List<String> tags = changes.containsKey("tags") ? LeadInput.tags(changes.get("tags"), "tags") : null;
        String assignee = changes.containsKey("assignedTo") ? LeadInput.text(changes.get("assignedTo"), "assignedTo", 128) : null;
        String stageId = changes.containsKey("stageId") ? LeadInput.text(changes.get("stageId"), "stageId", 64) : null;
        String stageName = changes.containsKey("stageName") ? LeadInput.text(changes.get("stageName"), "stageName", 100) : null;
        if ((changes.containsKey("stageId") || changes.containsKey("stageName")) && stageId == null && stageName == null) {
            throw new FieldValidationException(changes.containsKey("stageId") ? "stageId" : "stageName", "must not be empty");
        }
        if (stageId != null || stageName != null) {
            LeadService.stage(leads.pipelineOf(tenant, lead), stageId, stageName);
        }
        Map<String, Boolean> optOut = changes.containsKey("optOut") ? OptOuts.parse(changes.get("optOut")) : Map.of();

        if (!changed.isEmpty()) {
            boolean contactChanged = changed.contains("phone") || changed.contains("email");
            if (contactChanged) {
                Optional<String> holder = ContactClaims.claim(tenant, id, phone, email);
                if (holder.isPresent()) {
                    throw new LeadflowException(ErrorCode.CONFLICT, "another lead already has this phone or email")
                            .withDetails(Map.of("leadId", holder.get()));
                }
            }
            update.set("updatedAt", LeadService.now());
            lead = tenant.data().findAndModify(Query.query(Criteria.where("_id").is(id)), update, Lead.class)
                    .orElseThrow(() -> LeadflowException.notFound(ErrorCode.LEAD_NOT_FOUND, "lead", id));
            if (contactChanged) {
                ContactClaims.releaseExcept(tenant, id, lead.phone(), lead.email());
            }
            leads.log(tenant, id, ActivityEntry.LEAD_UPDATED, "updated " + String.join(", ", changed),
                    Map.of("fields", List.copyOf(changed)), depth);
        }
        if (tags != null) {
            List<String> current = lead.tags() == null ? List.of() : lead.tags();
            lead = leads.updateTags(tenant, id, tags.stream().filter(t -> !current.contains(t)).toList(),
                    current.stream().filter(t -> !tags.contains(t)).toList(), depth);
        }
        if (changes.containsKey("assignedTo")) {
            lead = leads.assign(tenant, id, assignee, depth);
        }
        if (stageId != null || stageName != null) {
            lead = leads.moveStage(tenant, id, stageId, stageName, depth);
        }
        for (Map.Entry<String, Boolean> channel : optOut.entrySet()) {
            lead = leads.setOptOut(tenant, id, channel.getKey(), channel.getValue(), "api", depth);
        }
        return lead;
    }

    private static void setIfChanged(Update update, List<String> changed, String field, Object before, Object after) {
        Object normalBefore = before instanceof Map<?, ?> m && m.isEmpty() ? null : before;
        Object normalAfter = after instanceof Map<?, ?> m && m.isEmpty() ? null : after;
        if (Objects.equals(normalBefore, normalAfter)) {
            return;
        }
        if (normalAfter == null) {
            update.unset(field);
        } else {
            update.set(field, after);
        }
        changed.add(field);
    }

    private static String string(Object value, String field) {
        if (value != null && !(value instanceof String)) {
            throw new FieldValidationException(field, "must be a string");
        }
        return (String) value;
    }
}
