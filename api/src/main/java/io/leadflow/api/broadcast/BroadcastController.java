package io.leadflow.api.broadcast;

import io.leadflow.api.web.ApiResponse;
import io.leadflow.shared.broadcast.Broadcast;
import io.leadflow.shared.broadcast.Broadcasts;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.tenant.TenantScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Broadcasts: a WhatsApp template to an audience of leads, at the tenant's rate, skipping opted-out leads, with exact
 * counts read from its recipients ({@code total, sent, delivered, read, failed, skipped, pending}).
 */
@RestController
@RequestMapping("/api/crm/broadcasts")
class BroadcastController {

    private final Broadcasting broadcasting;

    BroadcastController(Broadcasting broadcasting) {
        this.broadcasting = broadcasting;
    }

    /** 201 with the new broadcast; 200 with {@code duplicate: true} for a retry carrying a key used before. */
    @PostMapping
    ResponseEntity<ApiResponse<Map<String, Object>>> create(TenantScope tenant, @RequestBody BroadcastRequest body) {
        BroadcastCreated created = broadcasting.create(tenant, body);
        Map<String, Object> view = view(tenant, created.broadcast());
        view.put("duplicate", created.duplicate());
        return ResponseEntity.status(created.duplicate() ? HttpStatus.OK : HttpStatus.CREATED).body(ApiResponse.ok(view));
    }

    @GetMapping
    ApiResponse<List<Map<String, Object>>> list(TenantScope tenant, @RequestParam(defaultValue = "20") int limit) {
        if (limit < 1 || limit > 100) {
            throw LeadflowException.invalid("limit", "must be between 1 and 100");
        }
        return ApiResponse.ok(Broadcasts.list(tenant, limit).stream().map(b -> view(tenant, b)).toList());
    }

    @GetMapping("/{id}")
    ApiResponse<Map<String, Object>> get(TenantScope tenant, @PathVariable String id) {
        return ApiResponse.ok(view(tenant, broadcasting.get(tenant, id)));
    }

    @PostMapping("/{id}/cancel")
    ApiResponse<Map<String, Object>> cancel(TenantScope tenant, @PathVariable String id,
                                            @RequestBody(required = false) Map<String, Object> body) {
        Object reason = body == null ? null : body.get("reason");
        if (reason != null && (!(reason instanceof String text) || text.length() > 500)) {
            throw LeadflowException.invalid("reason", "must be a string of at most 500 characters");
        }
        return ApiResponse.ok(view(tenant, broadcasting.cancel(tenant, id, (String) reason)));
    }

    private static Map<String, Object> view(TenantScope tenant, Broadcast b) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", b.id());
        view.put("name", b.name());
        view.put("template", b.template());
        view.put("language", b.language());
        view.put("variables", b.variables());
        view.put("audience", b.audience());
        view.put("scheduleAt", b.scheduleAt());
        view.put("status", b.status());
        view.put("cancelReason", b.cancelReason());
        view.put("workflowId", b.workflowId());
        view.put("idempotencyKey", b.idempotencyScope() == null ? null
                : b.idempotencyScope().substring(tenant.clientCode().length() + 1));
        view.put("counts", Broadcasts.counts(tenant, b.id()));
        view.put("createdAt", b.createdAt());
        view.put("startedAt", b.startedAt());
        view.put("finishedAt", b.finishedAt());
        return view;
    }
}
