package io.leadflow.api.automation;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.leadflow.api.web.ApiResponse;
import io.leadflow.contracts.rule.RuleSnapshot;
import io.leadflow.shared.error.FieldValidationException;
import io.leadflow.shared.rule.AutomationRule;
import io.leadflow.shared.rule.RuleParser;
import io.leadflow.shared.rule.RuleStore;
import io.leadflow.shared.rule.RuleTemplates;
import io.leadflow.shared.sequence.SequenceCatalog;
import io.leadflow.shared.tenant.TenantScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Automation rules as data (format in docs/RULES.md): validated by {@link RuleParser}, so a bad rule is a 400
 * naming the field; every edit is a new version, and running sequences keep the version they started with.
 * Also the business-event entry for existing leads.
 */
@Tag(name = "Automations", description = "Rules as data, and business events for existing leads")
@RestController
@RequestMapping("/api/crm/automations")
class AutomationController {

    private final RuleStore rules;
    private final BusinessEvents events;
    private final SequenceCatalog catalog;

    AutomationController(RuleStore rules, BusinessEvents events, SequenceCatalog catalog) {
        this.rules = rules;
        this.events = events;
        this.catalog = catalog;
    }

    /**
     * A rule that runs a code sequence must name one a worker has published; a rule's WhatsApp templates, when synced,
     * must get as many variables as they take.
     */
    private AutomationRule known(TenantScope tenant, AutomationRule rule) {
        RuleTemplates.check(tenant, rule);
        if (rule.sequence() != null) {
            String name = rule.sequence().substring(RuleSnapshot.CODE_PREFIX.length());
            if (catalog.find(name).isEmpty()) {
                throw new FieldValidationException("sequence", "no code sequence named '" + name
                        + "' is registered (GET /api/crm/sequences/definitions lists them)");
            }
        }
        return rule;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ApiResponse<Map<String, Object>> create(TenantScope tenant, @RequestBody Map<String, Object> body) {
        return ApiResponse.ok(RuleParser.toBody(rules.create(tenant, known(tenant, RuleParser.parse(body)))));
    }

    @GetMapping
    ApiResponse<List<Map<String, Object>>> list(TenantScope tenant,
                                                @RequestParam(required = false) String trigger,
                                                @RequestParam(required = false) Boolean isActive) {
        return ApiResponse.ok(rules.list(tenant, trigger, isActive).stream().map(RuleParser::toBody).toList());
    }

    @GetMapping("/{id}")
    ApiResponse<Map<String, Object>> get(TenantScope tenant, @PathVariable String id) {
        return ApiResponse.ok(RuleParser.toBody(rules.get(tenant, id)));
    }

    @PutMapping("/{id}")
    ApiResponse<Map<String, Object>> replace(TenantScope tenant, @PathVariable String id,
                                             @RequestBody Map<String, Object> body) {
        return ApiResponse.ok(RuleParser.toBody(rules.replace(tenant, id, known(tenant, RuleParser.parse(body)))));
    }

    @PatchMapping("/{id}")
    ApiResponse<Map<String, Object>> patch(TenantScope tenant, @PathVariable String id,
                                           @RequestBody Map<String, Object> body) {
        known(tenant, RuleParser.merge(rules.get(tenant, id), body));
        return ApiResponse.ok(RuleParser.toBody(rules.patch(tenant, id, body)));
    }

    @DeleteMapping("/{id}")
    ApiResponse<Map<String, Object>> delete(TenantScope tenant, @PathVariable String id) {
        rules.delete(tenant, id);
        Map<String, Object> deleted = new LinkedHashMap<>();
        deleted.put("id", id);
        deleted.put("deleted", true);
        return ApiResponse.ok(deleted, "running sequences keep the rule version they started with");
    }

    /** Fires a business event for an existing lead; answers 202 once it is recorded and its workflow started. */
    @PostMapping("/events")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ApiResponse<EventResponse> fire(TenantScope tenant, @RequestBody EventRequest body) {
        EventResponse fired = events.fire(tenant, body);
        return ApiResponse.ok(fired, fired.duplicate() ? "duplicate idempotencyKey: this is the original event" : null);
    }
}
