package io.leadflow.api.client;

import io.leadflow.api.web.ApiResponse;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.client.Client;
import io.leadflow.shared.client.ClientDirectory;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.schedule.ScheduleView;
import io.leadflow.shared.schedule.TenantSchedules;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's Temporal Schedules (the {@code no_contact} scan and the daily score recalculation) for operators: list,
 * pause and resume with a note (kept on the schedule, shown in the Temporal Web UI), run now, and create the missing
 * ones. Admin only, like the rest of {@code /api/clients/**}, checked again here.
 */
@RestController
@RequestMapping("/api/clients/{clientCode}/schedules")
@PreAuthorize("hasRole('ADMIN')")
class TenantScheduleController {

    private final ClientDirectory clients;
    private final TenantSchedules schedules;

    TenantScheduleController(ClientDirectory clients, TenantSchedules schedules) {
        this.clients = clients;
        this.schedules = schedules;
    }

    @GetMapping
    ApiResponse<List<ScheduleView>> list(@PathVariable String clientCode) {
        require(clientCode);
        return ApiResponse.ok(schedules.list(clientCode));
    }

    /** Creates the tenant's schedules that are missing (after an outage at provisioning); existing ones stay as they are. */
    @PostMapping("/ensure")
    ApiResponse<List<ScheduleView>> ensure(@PathVariable String clientCode) {
        Client client = require(clientCode);
        List<String> missing = schedules.ensure(clientCode, client.timezone());
        if (missing.size() == TenantSchedules.JOBS.size() && schedules.list(clientCode).stream()
                .allMatch(view -> "missing".equals(view.state()))) {
            throw new LeadflowException(ErrorCode.TEMPORAL_UNAVAILABLE,
                    "Temporal did not take the schedules (unreachable, or a server without Schedules)");
        }
        return ApiResponse.ok(schedules.list(clientCode));
    }

    @PostMapping("/{job}/pause")
    ApiResponse<ScheduleView> pause(@PathVariable String clientCode, @PathVariable String job,
                                    @RequestBody(required = false) Map<String, Object> body) {
        require(clientCode);
        return ApiResponse.ok(schedules.pause(clientCode, job, note(body)));
    }

    @PostMapping("/{job}/resume")
    ApiResponse<ScheduleView> resume(@PathVariable String clientCode, @PathVariable String job,
                                     @RequestBody(required = false) Map<String, Object> body) {
        require(clientCode);
        return ApiResponse.ok(schedules.resume(clientCode, job, note(body)));
    }

    /** Runs the job now, outside its schedule (a run already going on is not doubled). */
    @PostMapping("/{job}/trigger")
    ApiResponse<ScheduleView> trigger(@PathVariable String clientCode, @PathVariable String job) {
        require(clientCode);
        return ApiResponse.ok(schedules.trigger(clientCode, job));
    }

    private Client require(String clientCode) {
        return clients.client(clientCode)
                .orElseThrow(() -> LeadflowException.notFound(ErrorCode.CLIENT_NOT_FOUND, "client", clientCode));
    }

    private static String note(Map<String, Object> body) {
        Object note = body == null ? null : body.get("note");
        if (note != null && (!(note instanceof String text) || text.length() > 500)) {
            throw LeadflowException.invalid("note", "must be a string of at most 500 characters");
        }
        return (String) note;
    }
}
