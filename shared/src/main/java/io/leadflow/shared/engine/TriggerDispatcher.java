package io.leadflow.shared.engine;

import io.grpc.StatusRuntimeException;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.temporal.LeadflowSearchAttributes;
import io.leadflow.contracts.temporal.WorkflowIds;
import io.leadflow.contracts.sequence.EnrollmentRequest;
import io.leadflow.contracts.sequence.LeadEvent;
import io.leadflow.contracts.sequence.SequenceStarts;
import io.leadflow.contracts.trigger.EventCompletion;
import io.leadflow.contracts.trigger.EventPlan;
import io.leadflow.contracts.trigger.TriggerInput;
import io.leadflow.contracts.trigger.TriggerWorkflow;
import io.leadflow.shared.config.LeadflowProperties;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.event.EventLog;
import io.leadflow.shared.event.EventLogs;
import io.leadflow.shared.temporal.StartFailures;
import io.leadflow.shared.tenant.TenantContext;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.tenant.Tenants;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The single entry into the engine for every event, external or internal: the EventLog is written first, then the
 * event is planned from what the engine knows (matching rules, listening sequences). An event nothing listens to is
 * completed in the log without a workflow. An event whose work is only enrollments and signals has them done from
 * here (the sequences are the only workflows it costs). An event with work that must outlive this request (a delay,
 * a Meet, a callback) gets a trigger workflow that carries the plan.
 *
 * <p>If Temporal cannot be reached the event stays {@code received} and is dispatched again later (the workflow ID is
 * derived from the event, so a second start is harmless).
 */
public class TriggerDispatcher {

    private static final Logger log = LoggerFactory.getLogger(TriggerDispatcher.class);
    static final String NOTHING_LISTENS = "no active rule or running sequence listens to this event";

    private final WorkflowClient client;
    private final Tenants tenants;
    private final EventPlanner planner;
    private final SequenceStarter sequences;
    private final LeadflowProperties properties;

    public TriggerDispatcher(WorkflowClient client, Tenants tenants, EventPlanner planner, SequenceStarter sequences,
                             LeadflowProperties properties) {
        this.client = client;
        this.tenants = tenants;
        this.planner = planner;
        this.sequences = sequences;
        this.properties = properties;
    }

    /**
     * What happened to a dispatched event.
     *
     * @param workflowId the trigger workflow, or null when the event needed none
     * @param plan what the event does (null for a delayed event, planned when its delay ends)
     * @param duplicate the idempotency key had been seen: nothing new was started, {@code event} is the original
     */
    public record Dispatched(EventLog event, String workflowId, EventPlan plan, boolean duplicate) {

        public int rulesMatched() {
            return plan == null ? 0 : plan.matchedRuleIds().size();
        }
    }

    /**
     * Records the event and dispatches it (internal triggers and business events, whose lead is known). An event
     * without an idempotency key is planned first: when nothing listens to it, it is logged {@code completed} in one
     * write, which is what most lifecycle events ({@code lead_created}, {@code tag_added}) come to.
     */
    public Dispatched dispatch(TriggerInput input, String idempotencyKey, Map<String, Object> request) {
        TenantScope tenant = tenants.scope(input.clientCode());
        if (idempotencyKey == null && input.delayMinutes() == 0 && input.meet() == null && input.callbackUrl() == null) {
            String eventLogId = new ObjectId().toHexString();
            EventPlan plan = planner.plan(tenant, eventLogId, input.trigger(), input.leadId(), input.variables(),
                    input.depth());
            if (plan.nothingToDo()) {
                EventLog logged = EventLogs.recordCompleted(tenant, draft(input, eventLogId, request), NOTHING_LISTENS);
                return new Dispatched(logged, null, plan, false);
            }
            EventLog event = EventLogs.record(tenant, draft(input, eventLogId, request)).event();
            return process(tenant, event, withEventId(input, eventLogId), plan);
        }
        EventLogs.Recorded recorded = record(tenant, input, idempotencyKey, request);
        if (recorded.duplicate()) {
            return new Dispatched(recorded.event(), recorded.event().workflowId(), null, true);
        }
        return process(tenant, recorded.event(), withEventId(input, recorded.event().id()));
    }

    private static EventLog draft(TriggerInput input, String id, Map<String, Object> request) {
        return new EventLog(id, input.clientCode(), input.trigger(), input.source(), EventLog.RECEIVED, input.leadId(),
                null, null, null, null, null, input.depth(), request, null, null, null, null, null, null, null);
    }

    /** Persists the event as {@code received}, before anything else happens to it. */
    public EventLogs.Recorded record(TenantScope tenant, TriggerInput input, String idempotencyKey,
                                     Map<String, Object> request) {
        EventLog draft = new EventLog(null, input.clientCode(), input.trigger(), input.source(), EventLog.RECEIVED,
                input.leadId(), null, null, null, idempotencyKey, null, input.depth(), request, null, null, null,
                null, null, null, null);
        return EventLogs.record(tenant, draft);
    }

    /**
     * Plans a recorded event and starts its workflow when it has durable work; otherwise completes it in the log.
     *
     * @throws LeadflowException {@code TEMPORAL_UNAVAILABLE} when the workflow could not be started; the event is
     *     kept {@code received} and dispatched again later
     */
    public Dispatched process(TenantScope tenant, EventLog event, TriggerInput input) {
        return process(tenant, event, input, plan(tenant, event, input));
    }

    /** What a recorded event will do, from what the engine knows now; null for a delayed event (planned later). */
    public EventPlan plan(TenantScope tenant, EventLog event, TriggerInput input) {
        return input.delayMinutes() > 0 ? null
                : planner.plan(tenant, event.id(), input.trigger(), input.leadId(), input.variables(), input.depth());
    }

    /** {@link #process} with the plan already made ({@link #plan}). */
    public Dispatched process(TenantScope tenant, EventLog event, TriggerInput input, EventPlan plan) {
        boolean durable = plan == null || !plan.nothingToDo() || input.meet() != null || input.callbackUrl() != null;
        List<String> matched = plan == null ? List.of() : plan.matchedRuleIds();
        Update fields = new Update().set("leadId", input.leadId()).set("rulesMatched", matched.size())
                .set("matchedRuleIds", matched);
        if (!durable) {
            EventLog completed = EventLogs.transitionFrom(tenant, event.id(), List.of(EventLog.RECEIVED),
                    EventLog.COMPLETED, NOTHING_LISTENS, fields).orElse(event);
            return new Dispatched(completed, null, plan, false);
        }
        // Only an event that would run something can be part of a loop.
        String guard = loopGuard(tenant, input);
        if (guard != null) {
            EventLog suppressed = EventLogs.transition(tenant, event.id(), EventLog.SUPPRESSED, guard, new Update()
                    .set("error", new EventLog.EventError(ErrorCode.LOOP_GUARD.name(), guard))).orElse(event);
            log.warn("loop guard suppressed trigger {} for lead {}: {}", input.trigger(), input.leadId(), guard);
            return new Dispatched(suppressed, null, EventPlan.empty(), false);
        }
        if (plan != null && input.meet() == null && input.callbackUrl() == null) {
            return direct(tenant, event, input, plan, fields);
        }
        String workflowId = WorkflowIds.trigger(tenant.clientCode(), event.id());
        EventLog processing = EventLogs.transitionFrom(tenant, event.id(), List.of(EventLog.RECEIVED),
                EventLog.PROCESSING, null, fields.set("workflowId", workflowId).unset("dispatchError")).orElse(event);
        start(tenant, event.id(), input.withPlan(plan));
        return new Dispatched(processing, workflowId, plan, false);
    }

    /**
     * The leanest path, for an event whose only work is enrollments and signals: no trigger workflow, the sequences
     * are started and told from here and the event is completed. Idempotent on every step, so an event that failed
     * half-way (Temporal went down) is simply planned and run again by the redispatcher.
     */
    private Dispatched direct(TenantScope tenant, EventLog event, TriggerInput input, EventPlan plan, Update fields) {
        EventLogs.transitionFrom(tenant, event.id(), List.of(EventLog.RECEIVED), EventLog.PROCESSING, null,
                fields.unset("dispatchError"));
        List<String> started = new java.util.ArrayList<>();
        List<String> already = new java.util.ArrayList<>();
        int told = 0;
        try {
            LeadEvent leadEvent = LeadEvent.of(input.trigger(), input.variables(), event.id());
            for (String listener : plan.listeners()) {
                if (sequences.signal(tenant.clientCode(), listener, leadEvent)) {
                    told++;
                }
            }
            for (EnrollmentRequest enrollment : plan.enroll()) {
                String workflowId = SequenceStarts.workflowId(enrollment.input());
                if (sequences.enroll(enrollment.input(), enrollment.reEnrollment()) == SequenceStarter.Started.ALREADY_ENROLLED) {
                    already.add(workflowId);
                } else {
                    started.add(workflowId);
                }
            }
        } catch (LeadflowException unavailable) {
            EventLogs.transitionFrom(tenant, event.id(), List.of(EventLog.PROCESSING), EventLog.RECEIVED,
                    "the workflow engine was unreachable", new Update().set("dispatchError", "temporal unavailable"));
            log.warn("event {} could not reach the engine: {}", event.id(), unavailable.getMessage());
            throw unavailable;
        }
        EventLog completed = EventLogs.complete(tenant, new EventCompletion(tenant.clientCode(), event.id(),
                plan.matchedRuleIds(), started, already, told, null, null)).orElse(event);
        return new Dispatched(completed, null, plan, false);
    }

    /** Re-plans and starts an event that stayed {@code received} (Temporal was down when it came). */
    public Dispatched redispatch(TenantScope tenant, EventLog event) {
        return process(tenant, event, inputOf(event));
    }

    /**
     * Ends an event that failed after it was recorded, with the answer its caller got: a retry with the same
     * idempotency key gets that answer again instead of a 202 on an event that will never run.
     */
    public void fail(TenantScope tenant, String eventLogId, LeadflowException failure) {
        EventLogs.transition(tenant, eventLogId, EventLog.FAILED, failure.getMessage(), new Update().set("error",
                new EventLog.EventError(failure.code().name(), failure.getMessage(), failure.code().httpStatus())));
    }

    public static TriggerInput withEventId(TriggerInput input, String eventLogId) {
        return new TriggerInput(input.clientCode(), eventLogId, input.trigger(), input.source(), input.leadId(),
                input.variables(), input.meet(), input.callbackUrl(), input.callbackMetadata(), input.delayMinutes(),
                input.depth(), input.plan());
    }

    private void start(TenantScope tenant, String eventLogId, TriggerInput input) {
        String workflowId = WorkflowIds.trigger(tenant.clientCode(), eventLogId);
        WorkflowOptions.Builder options = WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(properties.temporal().taskQueue())
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                .setStaticSummary(summary(input))
                .setStaticDetails(details(input));
        if (properties.temporal().searchAttributes()) {
            options.setTypedSearchAttributes(LeadflowSearchAttributes.of(
                    tenant.clientCode(), input.leadId(), input.trigger(), null));
        }
        String previous = TenantContext.current().orElse(null);
        TenantContext.set(tenant.clientCode());
        try {
            WorkflowClient.start(client.newWorkflowStub(TriggerWorkflow.class, options.build())::run, input);
        } catch (WorkflowExecutionAlreadyStarted alreadyStarted) {
            log.debug("trigger workflow {} already started", workflowId);
        } catch (WorkflowServiceException | StatusRuntimeException e) {
            if (StartFailures.isAlreadyStarted(e)) {
                log.debug("trigger workflow {} already ran", workflowId);
                return;
            }
            EventLogs.transitionFrom(tenant, eventLogId, List.of(EventLog.PROCESSING), EventLog.RECEIVED,
                    "the workflow engine was unreachable", new Update().set("dispatchError", "temporal unavailable"));
            log.warn("could not start trigger workflow {}: {}", workflowId, e.toString());
            throw new LeadflowException(ErrorCode.TEMPORAL_UNAVAILABLE,
                    "the workflow engine is unreachable; the event is kept and will be processed when it is back", e);
        } finally {
            TenantContext.set(previous);
        }
    }

    /** One line for the Web UI's list: the trigger, the lead, and what the event does. */
    static String summary(TriggerInput input) {
        StringBuilder text = new StringBuilder(input.trigger());
        String lead = input.plan() == null ? "" : SequenceStarts.leadLabel(input.plan().lead());
        if (!lead.isEmpty()) {
            text.append(" · ").append(lead);
        }
        if (input.plan() != null) {
            text.append(" · ").append(input.plan().enroll().size()).append(" enrollment(s)");
            if (!input.plan().listeners().isEmpty()) {
                text.append(", ").append(input.plan().listeners().size()).append(" sequence(s) told");
            }
        } else if (input.delayMinutes() > 0) {
            text.append(" · delayed ").append(input.delayMinutes()).append(" min");
        }
        return text.toString();
    }

    /** A few lines of Markdown for the workflow's page: trigger and event, lead, the work it carries, tenant. */
    static String details(TriggerInput input) {
        StringBuilder text = new StringBuilder();
        text.append("**Trigger** `").append(input.trigger()).append("` · event `").append(input.eventLogId())
                .append("` (").append(input.source()).append(")\n\n");
        String lead = input.plan() == null ? "" : SequenceStarts.leadLabel(input.plan().lead());
        text.append("**Lead** ").append(lead.isEmpty() ? "" : lead + " ").append("(`").append(input.leadId())
                .append("`)\n\n");
        List<String> work = new java.util.ArrayList<>();
        if (input.plan() != null) {
            work.add(input.plan().enroll().size() + " enrollment(s)");
            work.add(input.plan().listeners().size() + " sequence(s) told");
        }
        if (input.delayMinutes() > 0) {
            work.add("planned after a " + input.delayMinutes() + "-minute delay");
        }
        if (input.meet() != null) {
            work.add("Google Meet");
        }
        if (input.callbackUrl() != null) {
            work.add("signed callback to " + origin(input.callbackUrl()));
        }
        text.append("**Work** ").append(String.join(", ", work)).append("\n\n");
        text.append("**Tenant** `").append(input.clientCode()).append('`');
        return text.toString();
    }

    /** Scheme, host and port only: a callback URL's path or query may carry the receiver's own tokens. */
    private static String origin(String url) {
        try {
            java.net.URI uri = java.net.URI.create(url.strip());
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException unparsable) {
            return "(unparsable URL)";
        }
    }

    /** Re-creates the workflow input of a recorded event (for re-dispatch after an outage). */
    @SuppressWarnings("unchecked")
    public static TriggerInput inputOf(EventLog event) {
        Map<String, Object> request = event.request() == null ? Map.of() : event.request();
        Object meet = request.get("meet");
        TriggerInput.MeetSpec meetSpec = null;
        if (meet instanceof Map<?, ?> m && Boolean.TRUE.equals(request.get("requiresMeet"))) {
            Object attendees = m.get("attendees");
            meetSpec = new TriggerInput.MeetSpec((String) m.get("summary"), (String) m.get("startTime"),
                    m.get("durationMinutes") instanceof Number n ? n.intValue() : null,
                    attendees instanceof List<?> list ? list.stream().map(String::valueOf).toList() : null);
        }
        Object delay = request.get("delayMinutes");
        return new TriggerInput(event.clientCode(), event.id(), event.trigger(), event.source(), event.leadId(),
                request.get("variables") instanceof Map<?, ?> v ? new LinkedHashMap<>((Map<String, Object>) v) : Map.of(),
                meetSpec, (String) request.get("callbackUrl"),
                request.get("callbackMetadata") instanceof Map<?, ?> cm ? new LinkedHashMap<>((Map<String, Object>) cm) : null,
                delay instanceof Number n ? n.intValue() : 0, event.depth(), null);
    }

    /** Why an internal trigger must be cut off, or null to let it run. */
    private String loopGuard(TenantScope tenant, TriggerInput input) {
        if (!"crm".equals(input.source()) || input.leadId() == null) {
            return null;
        }
        int maxDepth = properties.engine().maxTriggerDepth();
        if (input.depth() > maxDepth) {
            return "trigger chain deeper than " + maxDepth + " (a rule probably re-fires its own trigger)";
        }
        long recent = tenant.central().count(Query.query(Criteria.where("leadId").is(input.leadId())
                .and("source").is("crm")
                .and("createdAt").gte(Instant.now().minus(Duration.ofMinutes(1)))), EventLog.class);
        int maxRate = properties.engine().maxTriggersPerLeadPerMinute();
        if (recent > maxRate) {
            return "more than " + maxRate + " internal triggers for this lead in a minute";
        }
        return null;
    }
}
