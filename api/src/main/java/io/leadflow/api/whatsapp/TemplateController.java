package io.leadflow.api.whatsapp;

import io.leadflow.api.web.ApiResponse;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.rule.RuleTemplates;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.whatsapp.WhatsAppTemplate;
import io.leadflow.shared.whatsapp.WhatsAppTemplates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's WhatsApp templates: synced from the Graph API (name, language, status, category, components and
 * parameter counts), each with a variable mapping the tenant saves, which sends use when they give no variables.
 */
@RestController
@RequestMapping("/api/saas/whatsapp/templates")
class TemplateController {

    private final GraphTemplates graph;

    TemplateController(GraphTemplates graph) {
        this.graph = graph;
    }

    @GetMapping
    ApiResponse<List<Map<String, Object>>> list(TenantScope tenant) {
        return ApiResponse.ok(WhatsAppTemplates.list(tenant).stream().map(TemplateController::view).toList());
    }

    @GetMapping("/{id}")
    ApiResponse<Map<String, Object>> get(TenantScope tenant, @PathVariable String id) {
        return ApiResponse.ok(view(template(tenant, id)));
    }

    /** Reads the templates from Meta now; templates Meta no longer lists are marked DELETED, mappings are kept. */
    @PostMapping("/sync")
    ApiResponse<Map<String, Object>> sync(TenantScope tenant) {
        List<WhatsAppTemplates.Synced> synced = graph.fetch(tenant.clientCode());
        List<WhatsAppTemplate> stored = WhatsAppTemplates.replaceFromSync(tenant, synced);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("synced", synced.size());
        answer.put("templates", stored.stream().map(TemplateController::view).toList());
        return ApiResponse.ok(answer);
    }

    /** Body {@code {"body": ["{{lead.firstName}}", ...], "header": [...]}}: one entry per parameter. */
    @PutMapping("/{id}/mapping")
    ApiResponse<Map<String, Object>> mapping(TenantScope tenant, @PathVariable String id,
                                             @RequestBody Map<String, Object> body) {
        WhatsAppTemplate template = template(tenant, id);
        for (String key : body.keySet()) {
            if (!key.equals("body") && !key.equals("header")) {
                throw LeadflowException.invalid(key, "unknown field (allowed: body, header)");
            }
        }
        WhatsAppTemplate.Mapping mapping = RuleTemplates.mapping(template, list(body.get("body"), "body"),
                list(body.get("header"), "header"));
        return ApiResponse.ok(view(WhatsAppTemplates.saveMapping(tenant, template.id(), mapping).orElseThrow()));
    }

    private static WhatsAppTemplate template(TenantScope tenant, String id) {
        return WhatsAppTemplates.find(tenant, id).orElseThrow(() ->
                LeadflowException.notFound(ErrorCode.TEMPLATE_NOT_FOUND, "template", id));
    }

    private static List<?> list(Object value, String field) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> items) || items.size() > 50) {
            throw LeadflowException.invalid(field, "must be a list of at most 50 templates");
        }
        return items;
    }

    private static Map<String, Object> view(WhatsAppTemplate t) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", t.id());
        view.put("name", t.name());
        view.put("language", t.language());
        view.put("status", t.status());
        view.put("category", t.category());
        view.put("parameterCount", t.parameterCount());
        view.put("headerParameterCount", t.headerParameterCount());
        view.put("components", t.components());
        view.put("mapping", t.mapping());
        view.put("syncedAt", t.syncedAt());
        return view;
    }
}
