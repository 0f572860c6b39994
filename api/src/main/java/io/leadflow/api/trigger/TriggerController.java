package io.leadflow.api.trigger;

import io.leadflow.api.web.ApiResponse;
import io.leadflow.shared.tenant.TenantScope;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The endpoint client sites fire lead events at. */
@RestController
class TriggerController {

    private final TriggerService triggers;

    TriggerController(TriggerService triggers) {
        this.triggers = triggers;
    }

    @PostMapping("/api/saas/workflows/trigger")
    ResponseEntity<ApiResponse<TriggerResponse>> trigger(TenantScope tenant, @Valid @RequestBody TriggerRequest request) {
        TriggerService.Outcome outcome = triggers.fire(tenant, request);
        HttpStatus status = outcome.accepted() ? HttpStatus.OK : HttpStatus.ACCEPTED;
        return ResponseEntity.status(status).body(ApiResponse.ok(outcome.response(), outcome.message()));
    }
}
