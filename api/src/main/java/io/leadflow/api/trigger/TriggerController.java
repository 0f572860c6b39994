package io.leadflow.api.trigger;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.leadflow.api.web.ApiResponse;
import io.leadflow.shared.tenant.TenantScope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The endpoint client sites fire lead events at. */
@Tag(name = "Triggers", description = "Lead events from client sites (secret or publishable key)")
@RestController
class TriggerController {

    private final TriggerService triggers;

    TriggerController(TriggerService triggers) {
        this.triggers = triggers;
    }

    @Operation(summary = "Fire a lead event", description = """
            Records the event first, finds or creates the lead, then runs what listens: matching rules enroll the \
            lead in sequences, its running sequences are told. 200 when the engine took it within the dispatch \
            wait, 202 (status processing) when it is still taking it: follow it at GET /api/saas/events/{eventLogId}. \
            A callbackUrl must be on the tenant's callback origins; requiresMeet waits for the Meet link.""")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(
            name = "appointment", value = """
                    {"trigger": "appointment_confirmed", "phone": "+919876543210", "firstName": "Asha",
                     "createLeadIfMissing": true, "variables": {"service": "Dental cleaning"},
                     "idempotencyKey": "booking-4711"}""")))
    @ApiResponses({
            @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200",
                    description = "Taken by the engine",
                    content = @Content(examples = @ExampleObject(value = """
                            {"success": true, "data": {"eventLogId": "6b02a1c4e1b24f0d9a3e2c11", "leadId":
                             "6b02a1c4e1b24f0d9a3e2c10", "rulesMatched": 1, "status": "completed"}}"""))),
            @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202",
                    description = "Recorded; the engine is still taking it",
                    content = @Content(examples = @ExampleObject(value = """
                            {"success": true,
                             "data": {"eventLogId": "6b02a1c4e1b24f0d9a3e2c11", "status": "processing"},
                             "message": "event accepted; the engine is taking it: follow it at \
                            GET /api/saas/events/6b02a1c4e1b24f0d9a3e2c11"}""")))})
    @PostMapping("/api/saas/workflows/trigger")
    ResponseEntity<ApiResponse<TriggerResponse>> trigger(TenantScope tenant, @Valid @RequestBody TriggerRequest request,
                                                         HttpServletRequest http) {
        TriggerService.Outcome outcome = triggers.fire(tenant, request);
        if (Boolean.TRUE.equals(outcome.response().duplicate())) {
            http.setAttribute(TriggerMetrics.DUPLICATE, true);
        }
        HttpStatus status = outcome.accepted() ? HttpStatus.OK : HttpStatus.ACCEPTED;
        return ResponseEntity.status(status).body(ApiResponse.ok(outcome.response(), outcome.message()));
    }
}
