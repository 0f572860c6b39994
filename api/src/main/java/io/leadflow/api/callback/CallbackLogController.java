package io.leadflow.api.callback;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.leadflow.api.web.ApiResponse;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.event.CallbackLog;
import io.leadflow.shared.event.EventLogs;
import io.leadflow.shared.tenant.TenantScope;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every delivery attempt of an event's signed callbacks (delivered, retrying, failed, blocked), oldest first, so a
 * tenant can see why its endpoint did or did not get a callback.
 */
@Tag(name = "Events", description = "The event log: every trigger and what it did")
@RestController
class CallbackLogController {

    @GetMapping("/api/saas/events/{id}/callbacks")
    ApiResponse<List<CallbackLog>> list(TenantScope tenant, @PathVariable String id) {
        // The event lookup is tenant-scoped: another tenant's event id answers 404, never its callbacks.
        EventLogs.byId(tenant, id).orElseThrow(() -> LeadflowException.notFound(ErrorCode.EVENT_NOT_FOUND, "event", id));
        return ApiResponse.ok(EventLogs.callbacks(tenant, id));
    }
}
