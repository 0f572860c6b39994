package io.leadflow.api.lead;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.leadflow.api.web.ApiResponse;
import io.leadflow.shared.error.FieldValidationException;
import io.leadflow.shared.lead.ActivityEntry;
import io.leadflow.shared.lead.Lead;
import io.leadflow.shared.lead.LeadFilter;
import io.leadflow.shared.lead.LeadService;
import io.leadflow.shared.lead.NewLead;
import io.leadflow.shared.lead.Note;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's leads. Changes made here run at trigger depth 0, so the automations they fire may in turn
 * change the lead (up to the engine's depth limit).
 */
@Tag(name = "Leads", description = "Leads, tags, notes, stages and the activity log")
@RestController
@RequestMapping("/api/crm/leads")
class LeadController {

    private static final int API_DEPTH = 0;

    private final LeadService leads;

    LeadController(LeadService leads) {
        this.leads = leads;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ApiResponse<Lead> create(TenantScope tenant, @RequestBody Map<String, Object> body) {
        return ApiResponse.ok(leads.create(tenant, NewLead.from(body), API_DEPTH));
    }

    @GetMapping
    PagedResponse<Lead> list(TenantScope tenant,
                             @RequestParam(defaultValue = "1") int page,
                             @RequestParam(defaultValue = "20") int limit,
                             @RequestParam(required = false) String pipelineId,
                             @RequestParam(required = false) String stageId,
                             @RequestParam(required = false) String tag,
                             @RequestParam(required = false) String assignedTo,
                             @RequestParam(required = false) String q) {
        return PagedResponse.of(leads.list(tenant, new LeadFilter(pipelineId, stageId, tag, assignedTo, q), page, limit));
    }

    @GetMapping("/{id}")
    ApiResponse<Lead> get(TenantScope tenant, @PathVariable String id) {
        return ApiResponse.ok(leads.get(tenant, id));
    }

    @PatchMapping("/{id}")
    ApiResponse<Lead> patch(TenantScope tenant, @PathVariable String id, @RequestBody Map<String, Object> changes) {
        return ApiResponse.ok(leads.patch(tenant, id, changes, API_DEPTH));
    }

    @DeleteMapping("/{id}")
    ApiResponse<Map<String, Object>> delete(TenantScope tenant, @PathVariable String id) {
        leads.delete(tenant, id);
        Map<String, Object> deleted = new LinkedHashMap<>();
        deleted.put("id", id);
        deleted.put("deleted", true);
        return ApiResponse.ok(deleted, "lead deleted with its notes and activity");
    }

    @PostMapping("/{id}/move")
    ApiResponse<Lead> move(TenantScope tenant, @PathVariable String id, @RequestBody MoveRequest body) {
        if (blank(body.stageId()) && blank(body.stageName())) {
            throw new FieldValidationException("stageId", "stageId or stageName is required");
        }
        if (!blank(body.stageId()) && !blank(body.stageName())) {
            throw new FieldValidationException("stageId", "give stageId or stageName, not both");
        }
        return ApiResponse.ok(leads.moveStage(tenant, id, body.stageId(), body.stageName(), API_DEPTH));
    }

    @PostMapping("/{id}/tags")
    ApiResponse<Lead> tags(TenantScope tenant, @PathVariable String id, @RequestBody TagsRequest body) {
        if ((body.add() == null || body.add().isEmpty()) && (body.remove() == null || body.remove().isEmpty())) {
            throw new FieldValidationException("add", "add or remove must list at least one tag");
        }
        return ApiResponse.ok(leads.updateTags(tenant, id, body.add(), body.remove(), API_DEPTH));
    }

    /** Body {@code {"userId": "u-7"}}; {@code {"userId": null}} unassigns. */
    @PostMapping("/{id}/assign")
    ApiResponse<Lead> assign(TenantScope tenant, @PathVariable String id, @RequestBody Map<String, Object> body) {
        if (!body.containsKey("userId")) {
            throw new FieldValidationException("userId", "is required (null unassigns)");
        }
        Object userId = body.get("userId");
        if (userId != null && !(userId instanceof String)) {
            throw new FieldValidationException("userId", "must be a string or null");
        }
        return ApiResponse.ok(leads.assign(tenant, id, (String) userId, API_DEPTH));
    }

    @GetMapping("/{id}/notes")
    ApiResponse<List<Note>> notes(TenantScope tenant, @PathVariable String id) {
        return ApiResponse.ok(leads.notes(tenant, id));
    }

    @PostMapping("/{id}/notes")
    @ResponseStatus(HttpStatus.CREATED)
    ApiResponse<Note> addNote(TenantScope tenant, @PathVariable String id, @RequestBody NoteRequest body) {
        return ApiResponse.ok(leads.addNote(tenant, id, body.body(), body.author()));
    }

    @GetMapping("/{id}/activities")
    ApiResponse<List<ActivityEntry>> activities(TenantScope tenant, @PathVariable String id,
                                                @RequestParam(defaultValue = "50") int limit) {
        return ApiResponse.ok(leads.activities(tenant, id, limit));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
