package io.leadflow.api.broadcast;

import io.grpc.StatusRuntimeException;
import io.leadflow.contracts.broadcast.BroadcastInput;
import io.leadflow.contracts.broadcast.BroadcastWorkflow;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.rule.Action;
import io.leadflow.contracts.temporal.LeadflowSearchAttributes;
import io.leadflow.contracts.temporal.WorkflowIds;
import io.leadflow.shared.broadcast.Broadcast;
import io.leadflow.shared.broadcast.Broadcasts;
import io.leadflow.shared.config.LeadflowProperties;
import io.leadflow.shared.config.MessagingProperties;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.lead.Lead;
import io.leadflow.shared.rule.RuleTemplates;
import io.leadflow.shared.temporal.StartFailures;
import io.leadflow.shared.tenant.TenantContext;
import io.leadflow.shared.tenant.TenantScope;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Creates, starts and cancels broadcasts. Everything a broadcast can be refused for is checked before it exists: its
 * audience, its template (a synced template's parameter count), its start time, its size.
 */
@Service
class Broadcasting {

    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(_[A-Z]{2})?");
    private static final int MAX_TAGS = 20;
    private static final int MAX_LEAD_IDS = 10_000;

    private final WorkflowClient client;
    private final LeadflowProperties properties;
    private final MessagingProperties.Broadcasts settings;

    Broadcasting(WorkflowClient client, LeadflowProperties properties, MessagingProperties messaging) {
        this.client = client;
        this.properties = properties;
        this.settings = messaging.broadcasts();
    }

    BroadcastCreated create(TenantScope tenant, BroadcastRequest request) {
        String key = request.idempotencyKey() == null ? null : text(request.idempotencyKey(), "idempotencyKey", 200);
        if (key != null) {
            Optional<Broadcast> earlier = Broadcasts.byIdempotencyKey(tenant, key);
            if (earlier.isPresent()) {
                return replay(tenant, earlier.get(), request);
            }
        }
        String name = text(request.name(), "name", 200);
        String template = text(request.template(), "template", 512);
        String language = request.language() == null ? "en_US" : request.language();
        if (!LANGUAGE.matcher(language).matches()) {
            throw LeadflowException.invalid("language", "must be a language code like en_US or pt_BR");
        }
        Broadcast.Audience audience = audience(request.audience());
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("templateName", template);
        params.put("language", language);
        params.put("variables", request.variables() == null ? List.of() : request.variables());
        if (request.variables() != null) {
            RuleTemplates.variables(request.variables(), "variables");
        }
        RuleTemplates.check(tenant, new Action(Action.SEND_WHATSAPP, params), "");
        Instant scheduleAt = scheduleAt(request.scheduleAt());
        long size = tenant.data().count(Broadcasts.audienceQuery(audience), Lead.class);
        if (size == 0) {
            throw LeadflowException.invalid("audience", "matches no lead");
        }
        if (size > settings.maxRecipients()) {
            throw LeadflowException.invalid("audience", "matches " + size + " leads; a broadcast may have at most "
                    + settings.maxRecipients());
        }
        Instant now = Instant.now();
        Broadcast created;
        try {
            created = Broadcasts.create(tenant, new Broadcast(null, tenant.clientCode(), name, template, language,
                    request.variables() == null ? null : List.copyOf(request.variables()), audience, scheduleAt,
                    Broadcast.SCHEDULED, null, null, now, null, null, now,
                    key == null ? null : tenant.clientCode() + ":" + key));
        } catch (DuplicateKeyException raced) {
            // the same key sent twice at once: the unique index let one in, this one answers with it
            return replay(tenant, Broadcasts.byIdempotencyKey(tenant, key).orElseThrow(() -> raced), request);
        }
        String workflowId = WorkflowIds.broadcast(tenant.clientCode(), created.id());
        Broadcasts.transition(tenant, created.id(), List.of(Broadcast.SCHEDULED), Broadcast.SCHEDULED,
                new Update().set("workflowId", workflowId));
        start(tenant, created, workflowId);
        return new BroadcastCreated(Broadcasts.find(tenant, created.id()).orElse(created), false);
    }

    /**
     * A create retried with a key used before: the earlier broadcast, if the request is the same one (a key reused for
     * a different broadcast is a client bug, 409). One the API stored but did not get to start (it crashed in between)
     * is started now; starting is idempotent.
     */
    private BroadcastCreated replay(TenantScope tenant, Broadcast earlier, BroadcastRequest request) {
        BroadcastRequest.Audience audience = request.audience();
        boolean same = earlier.name().equals(request.name() == null ? null : request.name().strip())
                && earlier.template().equals(request.template() == null ? null : request.template().strip())
                && earlier.language().equals(request.language() == null ? "en_US" : request.language())
                && Objects.equals(earlier.variables(), request.variables())
                && audience != null && Objects.equals(earlier.audience(),
                        new Broadcast.Audience(audience.tags(), audience.stageId(), audience.leadIds()));
        if (!same) {
            throw new LeadflowException(ErrorCode.CONFLICT, "idempotencyKey was used for another broadcast ('"
                    + earlier.id() + "'); use a new key for a different broadcast");
        }
        if (Broadcast.SCHEDULED.equals(earlier.status())) {
            String workflowId = WorkflowIds.broadcast(tenant.clientCode(), earlier.id());
            if (earlier.workflowId() == null) {
                Broadcasts.transition(tenant, earlier.id(), List.of(Broadcast.SCHEDULED), Broadcast.SCHEDULED,
                        new Update().set("workflowId", workflowId));
            }
            start(tenant, earlier, workflowId);
        }
        return new BroadcastCreated(Broadcasts.find(tenant, earlier.id()).orElse(earlier), true);
    }

    /** Stops further sends: recorded on the broadcast first (its batches check it), then its workflow is told. */
    Broadcast cancel(TenantScope tenant, String id, String reason) {
        Broadcast broadcast = get(tenant, id);
        Broadcast cancelling = Broadcasts.transition(tenant, id, List.of(Broadcast.SCHEDULED, Broadcast.PREPARING,
                        Broadcast.SENDING), Broadcast.CANCELLING, new Update().set("cancelReason",
                        reason == null || reason.isBlank() ? "cancelled through the API" : reason))
                .orElseThrow(() -> new LeadflowException(ErrorCode.CONFLICT, "broadcast '" + id + "' is "
                        + get(tenant, id).status() + "; only a scheduled or sending broadcast can be cancelled"));
        String previous = TenantContext.current().orElse(null);
        TenantContext.set(tenant.clientCode());
        try {
            client.newWorkflowStub(BroadcastWorkflow.class, broadcast.workflowId()).cancel(cancelling.cancelReason());
        } catch (WorkflowNotFoundException finished) {
            // it ended meanwhile; the recorded cancel is what counts
        } catch (WorkflowServiceException | StatusRuntimeException unavailable) {
            // the batches see the recorded cancel by themselves; a broadcast still waiting for its start time wakes
            // then and stops at once
        } finally {
            TenantContext.set(previous);
        }
        return Broadcasts.find(tenant, id).orElse(cancelling);
    }

    Broadcast get(TenantScope tenant, String id) {
        return Broadcasts.find(tenant, id).orElseThrow(() ->
                LeadflowException.notFound(ErrorCode.BROADCAST_NOT_FOUND, "broadcast", id));
    }

    private void start(TenantScope tenant, Broadcast broadcast, String workflowId) {
        WorkflowOptions.Builder options = WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(properties.temporal().taskQueue())
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                .setStaticSummary("broadcast " + broadcast.name() + " · template " + broadcast.template())
                .setStaticDetails("**Broadcast** " + broadcast.name() + " (`" + broadcast.id() + "`)\n\n**Template** `"
                        + broadcast.template() + "` (" + broadcast.language() + ")\n\n**Tenant** `" + tenant.clientCode() + "`");
        if (properties.temporal().searchAttributes()) {
            options.setTypedSearchAttributes(LeadflowSearchAttributes.of(tenant.clientCode(), null, null, null));
        }
        String previous = TenantContext.current().orElse(null);
        TenantContext.set(tenant.clientCode());
        try {
            WorkflowClient.start(client.newWorkflowStub(BroadcastWorkflow.class, options.build())::run,
                    new BroadcastInput(tenant.clientCode(), broadcast.id(), broadcast.name(),
                            broadcast.scheduleAt() == null ? null : broadcast.scheduleAt().toString(), null, null));
        } catch (WorkflowExecutionAlreadyStarted alreadyStarted) {
            // started before
        } catch (WorkflowServiceException | StatusRuntimeException e) {
            if (!StartFailures.isAlreadyStarted(e)) {
                Broadcasts.transition(tenant, broadcast.id(), List.of(Broadcast.SCHEDULED), Broadcast.CANCELLED,
                        new Update().set("cancelReason", "the workflow engine was unreachable when it was created"));
                throw new LeadflowException(ErrorCode.TEMPORAL_UNAVAILABLE,
                        "the workflow engine is unreachable; the broadcast was not started (create it again)", e);
            }
        } finally {
            TenantContext.set(previous);
        }
    }

    private static Broadcast.Audience audience(BroadcastRequest.Audience audience) {
        if (audience == null || ((audience.tags() == null || audience.tags().isEmpty()) && audience.stageId() == null
                && (audience.leadIds() == null || audience.leadIds().isEmpty()))) {
            throw LeadflowException.invalid("audience", "needs tags, stageId or leadIds");
        }
        if (audience.tags() != null && (audience.tags().size() > MAX_TAGS
                || audience.tags().stream().anyMatch(tag -> tag == null || tag.isBlank() || tag.length() > 64))) {
            throw LeadflowException.invalid("audience.tags", "at most " + MAX_TAGS + " tags of 1-64 characters");
        }
        if (audience.leadIds() != null && (audience.leadIds().size() > MAX_LEAD_IDS
                || audience.leadIds().stream().anyMatch(id -> id == null || id.isBlank() || id.length() > 64))) {
            throw LeadflowException.invalid("audience.leadIds", "at most " + MAX_LEAD_IDS + " lead ids");
        }
        if (audience.stageId() != null && (audience.stageId().isBlank() || audience.stageId().length() > 64)) {
            throw LeadflowException.invalid("audience.stageId", "must be a stage id");
        }
        return new Broadcast.Audience(audience.tags() == null ? null : List.copyOf(audience.tags()),
                audience.stageId(), audience.leadIds() == null ? null : List.copyOf(audience.leadIds()));
    }

    private static Instant scheduleAt(String value) {
        if (value == null) {
            return null;
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            throw LeadflowException.invalid("scheduleAt", "must be ISO-8601 with an offset, like 2026-12-01T10:00:00+05:30");
        }
        if (at.isAfter(Instant.now().plus(Duration.ofDays(365)))) {
            throw LeadflowException.invalid("scheduleAt", "must be within a year");
        }
        return at.isBefore(Instant.now()) ? null : at;
    }

    private static String text(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            throw LeadflowException.invalid(field, "is required");
        }
        if (value.length() > max) {
            throw LeadflowException.invalid(field, "must be at most " + max + " characters");
        }
        return value.strip();
    }
}
