package io.leadflow.api.sequence;

import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.sequence.SequenceStatus;
import io.leadflow.shared.client.Client;
import io.leadflow.shared.client.ClientDirectory;
import io.leadflow.shared.config.LeadflowProperties;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.metrics.LeadflowMetrics;
import io.leadflow.shared.sequence.Enrollment;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.tenant.Tenants;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Bulk operations as jobs: the request stores the job and answers at once (202 with its ID); the job signals the
 * rule's open sequences in workflow-ID order, a page of {@value #PAGE} at a time, at most
 * {@code leadflow.api.bulk-concurrency} signals in flight across the process, and records its progress after every
 * page. So 10,000 sequences never hold a request, and a job survives its API process: one that stops reporting
 * progress for {@code leadflow.api.bulk-stale-after} is taken over by another API process (or the restarted one) and
 * goes on after the last page it recorded. A page that was half signalled when its process stopped is signalled again;
 * pause, resume and cancel are idempotent, so a sequence signalled twice ends the same.
 */
@Service
class BulkJobs {

    static final int PAGE = 200;
    private static final Logger log = LoggerFactory.getLogger(BulkJobs.class);

    private final SequenceOperations sequences;
    private final Tenants tenants;
    private final ClientDirectory clients;
    private final LeadflowMetrics metrics;
    private final Duration staleAfter;
    /** This process, as the owner of the jobs it runs. */
    private final String owner = UUID.randomUUID().toString();
    /** One thread per running job: it pages, hands signals out and records progress. */
    private final ExecutorService jobs = Executors.newCachedThreadPool(daemon("bulk-job"));
    /** The signals themselves, bounded for the whole process. */
    private final ExecutorService signals;
    private volatile boolean stopping;

    BulkJobs(SequenceOperations sequences, Tenants tenants, ClientDirectory clients, LeadflowMetrics metrics,
             LeadflowProperties properties) {
        this.sequences = sequences;
        this.tenants = tenants;
        this.clients = clients;
        this.metrics = metrics;
        this.staleAfter = properties.api().bulkStaleAfter();
        this.signals = Executors.newFixedThreadPool(properties.api().bulkConcurrency(), daemon("bulk-signal"));
        tenants.onOpen(scope -> scope.data().indexOps(BulkJob.class).createIndex(new Index()
                .on("clientCode", Sort.Direction.ASC).on("status", Sort.Direction.ASC)
                .on("ruleId", Sort.Direction.ASC)));
    }

    @jakarta.annotation.PreDestroy
    void shutdown() throws InterruptedException {
        // Jobs cut short here keep status running; their heartbeat goes stale and a process resumes them.
        stopping = true;
        jobs.shutdownNow();
        signals.shutdownNow();
        signals.awaitTermination(5, TimeUnit.SECONDS);
    }

    /**
     * Starts a job, or answers the one already running for the same rule and action (a repeated click is not a
     * second job).
     */
    BulkJob start(TenantScope tenant, String action, String ruleId, String reason) {
        Optional<BulkJob> running = tenant.data().findOne(Query.query(Criteria.where("ruleId").is(ruleId)
                .and("action").is(action).and("status").is(BulkJob.RUNNING)), BulkJob.class);
        if (running.isPresent()) {
            return running.get();
        }
        int total = (int) tenant.data().count(selection(ruleId, action, null), Enrollment.class);
        Instant now = Instant.now();
        BulkJob job = tenant.data().insert(new BulkJob(new ObjectId().toHexString(), tenant.clientCode(), action,
                ruleId, reason, BulkJob.RUNNING, total, 0, 0, 0, 0, null, owner, now, now, null, null, 0));
        jobs.execute(() -> run(tenant, job));
        return job;
    }

    Optional<BulkJob> find(TenantScope tenant, String jobId) {
        return tenant.data().findById(jobId, BulkJob.class);
    }

    /** Takes over jobs whose process stopped reporting progress (it died, or this is it after a restart). */
    @Scheduled(fixedDelayString = "${leadflow.api.bulk-stale-after:1m}",
            initialDelayString = "${leadflow.api.bulk-stale-after:1m}")
    void resumeStale() {
        Instant staleBefore = Instant.now().minus(staleAfter);
        for (Client client : clients.clients()) {
            TenantScope tenant = tenants.scope(client.clientCode());
            for (BulkJob stale : tenant.data().find(Query.query(Criteria.where("status").is(BulkJob.RUNNING)
                    .and("heartbeatAt").lt(staleBefore)), BulkJob.class)) {
                tenant.data().findAndModify(Query.query(Criteria.where("_id").is(stale.id())
                                .and("status").is(BulkJob.RUNNING).and("heartbeatAt").is(stale.heartbeatAt())),
                        new Update().set("owner", owner).set("heartbeatAt", Instant.now()).inc("resumed", 1),
                        BulkJob.class).ifPresent(claimed -> {
                            log.info("resuming bulk {} job {} of {} after {} (its process stopped)", claimed.action(),
                                    claimed.id(), tenant.clientCode(), claimed.cursor());
                            jobs.execute(() -> run(tenant, claimed));
                        });
            }
        }
    }

    /** Pages through the selection after the job's cursor until it is empty; records progress after each page. */
    private void run(TenantScope tenant, BulkJob job) {
        String cursor = job.cursor();
        try {
            while (!stopping) {
                List<Enrollment> page = tenant.data().find(selection(job.ruleId(), job.action(), cursor)
                        .with(Sort.by(Sort.Direction.ASC, "_id")).limit(PAGE), Enrollment.class);
                if (page.isEmpty()) {
                    finish(tenant, job, BulkJob.COMPLETED, null);
                    return;
                }
                Outcome outcome = signal(tenant, job, page);
                cursor = page.get(page.size() - 1).id();
                if (!progress(tenant, job, cursor, page.size(), outcome)) {
                    log.info("bulk job {} was taken over by another process; this one stops", job.id());
                    return;
                }
                if (outcome.failed() > 0) {
                    finish(tenant, job, BulkJob.FAILED, "the workflow engine was unreachable for " + outcome.failed()
                            + " sequence(s); run the operation again once Temporal is back");
                    return;
                }
            }
        } catch (RuntimeException unexpected) {
            if (stopping) {
                return; // left running: resumed after the restart
            }
            log.error("bulk job {} stopped", job.id(), unexpected);
            finish(tenant, job, BulkJob.FAILED, "the job stopped on an internal error");
        }
    }

    private record Outcome(int affected, int skipped, int failed) {
    }

    private Outcome signal(TenantScope tenant, BulkJob job, List<Enrollment> page) {
        List<CompletableFuture<String>> sent = new ArrayList<>();
        for (Enrollment entry : page) {
            sent.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return sequences.signal(tenant, entry.id(), job.action(), job.reason()) ? "affected" : "skipped";
                } catch (LeadflowException | io.grpc.StatusRuntimeException
                         | io.temporal.client.WorkflowServiceException unreachable) {
                    return "failed";
                }
            }, signals));
        }
        int affected = 0;
        int skipped = 0;
        int failed = 0;
        for (CompletableFuture<String> one : sent) {
            switch (one.join()) {
                case "affected" -> affected++;
                case "skipped" -> skipped++;
                default -> failed++;
            }
        }
        metrics.bulkSequences(tenant.clientCode(), job.action(), "affected", affected);
        metrics.bulkSequences(tenant.clientCode(), job.action(), "skipped", skipped);
        metrics.bulkSequences(tenant.clientCode(), job.action(), "failed", failed);
        return new Outcome(affected, skipped, failed);
    }

    /** Records a page; false when the job is no longer this process's (another one took it over). */
    private boolean progress(TenantScope tenant, BulkJob job, String cursor, int handled, Outcome outcome) {
        return tenant.data().updateFirst(Query.query(Criteria.where("_id").is(job.id()).and("owner").is(owner)
                        .and("status").is(BulkJob.RUNNING)),
                new Update().set("cursor", cursor).set("heartbeatAt", Instant.now()).inc("processed", handled)
                        .inc("affected", outcome.affected()).inc("skipped", outcome.skipped())
                        .inc("failed", outcome.failed()), BulkJob.class).getModifiedCount() > 0;
    }

    private void finish(TenantScope tenant, BulkJob job, String status, String error) {
        Update update = new Update().set("status", status).set("finishedAt", Instant.now())
                .set("heartbeatAt", Instant.now());
        if (error != null) {
            update.set("error", error);
        }
        tenant.data().updateFirst(Query.query(Criteria.where("_id").is(job.id()).and("owner").is(owner)), update,
                BulkJob.class);
        log.info("bulk {} job {} of rule {}: {}", job.action(), job.id(), job.ruleId(), status);
    }

    /** The rule's open sequences the action applies to, after {@code cursor} in workflow-ID order. */
    static Query selection(String ruleId, String action, String cursor) {
        List<String> statuses = switch (action) {
            case "pause" -> List.of(SequenceStatus.RUNNING);
            case "resume" -> List.of(SequenceStatus.PAUSED);
            case "cancel" -> List.of(SequenceStatus.RUNNING, SequenceStatus.PAUSED);
            default -> throw LeadflowException.invalid("action", "must be pause, resume or cancel");
        };
        Criteria criteria = Criteria.where("ruleId").is(ruleId).and("status").in(statuses);
        if (cursor != null) {
            criteria = criteria.and("_id").gt(cursor);
        }
        return Query.query(criteria);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The job as the API answers it; 404 when it isn't the caller's. */
    BulkJob require(TenantScope tenant, String jobId) {
        return find(tenant, jobId)
                .orElseThrow(() -> LeadflowException.notFound(ErrorCode.NOT_FOUND, "bulk job", jobId));
    }
}
