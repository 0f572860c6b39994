package io.leadflow.api.sequence;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.leadflow.api.web.ApiResponse;
import io.leadflow.shared.sequence.CatalogEntry;
import io.leadflow.shared.tenant.TenantScope;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator view of sequences: list, inspect (live, from the workflow), control one, control all of a rule's as a
 * bulk job that can be followed, list the code sequences workers can run, and enroll a lead in one.
 */
@Tag(name = "Sequences",
        description = "Sequences: list, inspect, pause/resume/cancel/skip-wait, bulk jobs, code-sequence enrollment")
@RestController
@RequestMapping("/api/crm/sequences")
class SequenceController {

    private final SequenceOperations sequences;
    private final SequenceEnrollments enrollments;
    private final BulkJobs bulkJobs;

    SequenceController(SequenceOperations sequences, SequenceEnrollments enrollments, BulkJobs bulkJobs) {
        this.sequences = sequences;
        this.enrollments = enrollments;
        this.bulkJobs = bulkJobs;
    }

    @GetMapping
    ApiResponse<List<SequenceView>> list(TenantScope tenant,
                                         @RequestParam(required = false) String leadId,
                                         @RequestParam(required = false) String ruleId,
                                         @RequestParam(required = false) String status,
                                         @RequestParam(defaultValue = "100") int limit) {
        return ApiResponse.ok(sequences.list(tenant, leadId, ruleId, status, limit));
    }

    @GetMapping("/definitions")
    ApiResponse<List<CatalogEntry>> definitions(TenantScope tenant) {
        return ApiResponse.ok(enrollments.definitions());
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ApiResponse<SequenceEnrollments.Enrolled> enroll(TenantScope tenant,
                                                     @RequestBody SequenceEnrollments.EnrollRequest request) {
        SequenceEnrollments.Enrolled enrolled = enrollments.enroll(tenant, request);
        return ApiResponse.ok(enrolled, enrolled.restarted() ? "the running sequence was restarted" : null);
    }

    @GetMapping("/{workflowId}")
    ApiResponse<SequenceView> get(TenantScope tenant, @PathVariable String workflowId) {
        return ApiResponse.ok(sequences.view(tenant, workflowId));
    }

    @PostMapping("/{workflowId}/{action:pause|resume|cancel|skip-wait}")
    ApiResponse<SequenceView> control(TenantScope tenant, @PathVariable String workflowId,
                                      @PathVariable String action,
                                      @RequestBody(required = false) Map<String, Object> body) {
        Object reason = body == null ? null : body.get("reason");
        sequences.control(tenant, workflowId, action, reason == null ? null : reason.toString());
        return ApiResponse.ok(sequences.view(tenant, workflowId), action + " sent");
    }

    /** Body of a bulk operation: every open sequence of one rule. */
    record BulkRequest(@NotBlank String ruleId, String reason) {
    }

    /**
     * Starts a bulk job and answers at once (202, {@code Location} of the job); the same rule and action while a job
     * runs answers that job.
     */
    @PostMapping("/bulk/{action:pause|resume|cancel}")
    ResponseEntity<ApiResponse<BulkJob>> bulk(TenantScope tenant, @PathVariable String action,
                                              @Valid @RequestBody BulkRequest request) {
        BulkJob job = bulkJobs.start(tenant, action, request.ruleId(), request.reason());
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/api/crm/sequences/bulk/" + job.id()))
                .body(ApiResponse.ok(job, "bulk " + action + " of " + job.total() + " sequence(s) " + job.status()
                        + ": follow it at GET /api/crm/sequences/bulk/" + job.id()));
    }

    @GetMapping("/bulk/{jobId}")
    ApiResponse<BulkJob> bulkJob(TenantScope tenant, @PathVariable String jobId) {
        return ApiResponse.ok(bulkJobs.require(tenant, jobId));
    }
}
