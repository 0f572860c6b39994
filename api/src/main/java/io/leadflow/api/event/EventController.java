package io.leadflow.api.event;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.leadflow.api.reconcile.Reconciliation;
import io.leadflow.api.web.ApiResponse;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.event.EventLog;
import io.leadflow.shared.event.EventLogs;
import io.leadflow.shared.tenant.TenantScope;
import java.util.List;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The tenant's event log: what each trigger did, {@code received → processing → completed | failed}. */
@Tag(name = "Events", description = "The event log: every trigger and what it did")
@RestController
@RequestMapping("/api/saas/events")
class EventController {

    private static final Set<String> STATUSES = Set.of(EventLog.RECEIVED, EventLog.PROCESSING, EventLog.COMPLETED,
            EventLog.FAILED, EventLog.SUPPRESSED);

    private final EventRedispatcher redispatcher;
    private final Reconciliation reconciliation;

    EventController(EventRedispatcher redispatcher, Reconciliation reconciliation) {
        this.redispatcher = redispatcher;
        this.reconciliation = reconciliation;
    }

    /** One event; a {@code processing} one is checked against its workflow first (closed from the Temporal UI?). */
    @GetMapping("/{id}")
    ApiResponse<EventLog> get(TenantScope tenant, @PathVariable String id) {
        return ApiResponse.ok(reconciliation.event(tenant, require(tenant, id)));
    }

    @GetMapping
    ApiResponse<List<EventLog>> list(TenantScope tenant,
                                     @RequestParam(required = false) String status,
                                     @RequestParam(required = false) String trigger,
                                     @RequestParam(required = false) String leadId,
                                     @RequestParam(defaultValue = "50") int limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw LeadflowException.invalid("status", "must be one of " + STATUSES.stream().sorted().toList());
        }
        if (limit < 1 || limit > 500) {
            throw LeadflowException.invalid("limit", "must be between 1 and 500");
        }
        return ApiResponse.ok(EventLogs.list(tenant, status, trigger, leadId, limit));
    }

    /** Starts the workflow of an event that is still {@code received} (the engine was down when it came). */
    @PostMapping("/{id}/replay")
    ApiResponse<EventLog> replay(TenantScope tenant, @PathVariable String id) {
        EventLog event = require(tenant, id);
        if (!EventLog.RECEIVED.equals(event.status())) {
            throw new LeadflowException(ErrorCode.CONFLICT, "only events still 'received' can be replayed; this one is "
                    + event.status());
        }
        redispatcher.redispatch(tenant, event);
        return ApiResponse.ok(require(tenant, id), "event started");
    }

    private static EventLog require(TenantScope tenant, String id) {
        return EventLogs.byId(tenant, id)
                .orElseThrow(() -> LeadflowException.notFound(ErrorCode.EVENT_NOT_FOUND, "event", id));
    }
}
