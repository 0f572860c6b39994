package io.leadflow.api.automation;

import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.trigger.TriggerInput;
import io.leadflow.shared.engine.TriggerDispatcher;
import io.leadflow.shared.error.FieldValidationException;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.event.EventPayloads;
import io.leadflow.shared.lead.Lead;
import io.leadflow.shared.lead.LeadService;
import io.leadflow.shared.rule.RuleParser;
import io.leadflow.shared.tenant.TenantScope;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Service;

/** Fires business events for existing leads into the engine (source {@code event}, depth 0). */
@Service
class BusinessEvents {

    static final String SOURCE = "event";

    private final TriggerDispatcher dispatcher;
    private final LeadService leads;

    BusinessEvents(TriggerDispatcher dispatcher, LeadService leads) {
        this.dispatcher = dispatcher;
        this.leads = leads;
    }

    EventResponse fire(TenantScope tenant, EventRequest request) {
        String trigger = request.trigger() == null ? null : request.trigger().trim();
        if (trigger == null || trigger.isEmpty()) {
            throw new FieldValidationException("trigger", "is required");
        }
        if (!RuleParser.TRIGGER.matcher(trigger).matches()) {
            throw new FieldValidationException("trigger", "must be 1-64 characters of a-z, 0-9, '_', '.', ':' or '-'");
        }
        if (request.idempotencyKey() != null && (request.idempotencyKey().isBlank() || request.idempotencyKey().length() > 200)) {
            throw new FieldValidationException("idempotencyKey", "must be 1-200 characters");
        }
        Map<String, Object> variables = request.variables() == null ? Map.of() : request.variables();
        EventPayloads.check(variables, "variables");
        text(request.leadId(), "leadId", 64);
        text(request.phone(), "phone", 32);
        text(request.email(), "email", 320);
        Lead lead = lead(tenant, request);
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("leadId", lead.id());
        stored.put("variables", variables);
        TriggerInput input = new TriggerInput(tenant.clientCode(), null, trigger, SOURCE, lead.id(), variables, null, null,
                null, 0, 0, null);
        TriggerDispatcher.Dispatched dispatched = dispatcher.dispatch(input, request.idempotencyKey(), stored);
        return new EventResponse(dispatched.event().id(), dispatched.workflowId(), lead.id(),
                dispatched.duplicate() ? dispatched.event().rulesMatched() : Integer.valueOf(dispatched.rulesMatched()),
                dispatched.event().status(), dispatched.duplicate());
    }

    private Lead lead(TenantScope tenant, EventRequest request) {
        if (request.leadId() != null && !request.leadId().isBlank()) {
            return leads.get(tenant, request.leadId().trim());
        }
        if ((request.phone() == null || request.phone().isBlank()) && (request.email() == null || request.email().isBlank())) {
            throw new FieldValidationException("leadId", "leadId or phone is required");
        }
        return leads.findByContact(tenant, request.phone(), request.email()).orElseThrow(() ->
                new LeadflowException(ErrorCode.LEAD_NOT_FOUND, "no lead with this phone/email in this tenant"));
    }

    private static void text(String value, String field, int max) {
        if (value != null && value.length() > max) {
            throw new FieldValidationException(field, "must be at most " + max + " characters");
        }
    }
}
