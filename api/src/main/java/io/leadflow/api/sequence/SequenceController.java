package io.leadflow.api.sequence;

import io.leadflow.api.web.ApiResponse;
import io.leadflow.shared.sequence.Enrollment;
import io.leadflow.shared.tenant.TenantScope;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The operator view of sequences: list, inspect (live, from the workflow), and control one or all of a rule's. */
@RestController
@RequestMapping("/api/crm/sequences")
class SequenceController {

    private final SequenceOperations sequences;

    SequenceController(SequenceOperations sequences) {
        this.sequences = sequences;
    }

    @GetMapping
    ApiResponse<List<Enrollment>> list(TenantScope tenant,
                                       @RequestParam(required = false) String leadId,
                                       @RequestParam(required = false) String ruleId,
                                       @RequestParam(required = false) String status,
                                       @RequestParam(defaultValue = "100") int limit) {
        return ApiResponse.ok(sequences.list(tenant, leadId, ruleId, status, limit));
    }

    @GetMapping("/{workflowId}")
    ApiResponse<SequenceOperations.SequenceView> get(TenantScope tenant, @PathVariable String workflowId) {
        return ApiResponse.ok(sequences.view(tenant, workflowId));
    }

    @PostMapping("/{workflowId}/{action:pause|resume|cancel|skip-wait}")
    ApiResponse<SequenceOperations.SequenceView> control(TenantScope tenant, @PathVariable String workflowId,
                                                         @PathVariable String action,
                                                         @RequestBody(required = false) Map<String, Object> body) {
        Object reason = body == null ? null : body.get("reason");
        sequences.control(tenant, workflowId, action, reason == null ? null : reason.toString());
        return ApiResponse.ok(sequences.view(tenant, workflowId), action + " sent");
    }

    /** Body of a bulk operation: every open sequence of one rule. */
    record BulkRequest(@NotBlank String ruleId, String reason) {
    }

    @PostMapping("/bulk/{action:pause|resume|cancel}")
    ApiResponse<Map<String, Object>> bulk(TenantScope tenant, @PathVariable String action,
                                          @Valid @RequestBody BulkRequest request) {
        int affected = sequences.bulk(tenant, request.ruleId(), action, request.reason());
        return ApiResponse.ok(Map.of("ruleId", request.ruleId(), "action", action, "affected", affected));
    }
}
