package io.leadflow.api.sequence;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.leadflow.shared.tenant.TenantOwned;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A bulk operation on the open sequences of one rule (pause, resume or cancel), as it runs: stored in the tenant's
 * {@code bulk_jobs} so it can be followed ({@code GET /api/crm/sequences/bulk/{jobId}}) and resumed by another API
 * process if the one running it stops.
 *
 * @param id the job ID
 * @param status {@code running}, {@code completed} or {@code failed}
 * @param total open sequences the action applied to when the job started (sequences enrolled meanwhile may be
 *     handled too, so {@code processed} can end above it)
 * @param processed sequences handled so far
 * @param affected sequences the signal reached
 * @param skipped sequences that had closed before their turn
 * @param failed sequences the signal could not reach (Temporal unreachable); the job then ends {@code failed}
 * @param cursor the last sequence handled, in workflow-ID order: a resumed job goes on after it
 * @param owner the API process running it
 * @param heartbeatAt when its process last reported progress; a stale one is taken over
 * @param resumed how many times another process (or a restarted one) took it over
 */
@Document("bulk_jobs")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BulkJob(
        @Id String id,
        @JsonIgnore String clientCode,
        String action,
        String ruleId,
        String reason,
        String status,
        int total,
        int processed,
        int affected,
        int skipped,
        int failed,
        @JsonIgnore String cursor,
        @JsonIgnore String owner,
        Instant createdAt,
        @JsonIgnore Instant heartbeatAt,
        Instant finishedAt,
        String error,
        int resumed) implements TenantOwned {

    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
}
