package io.leadflow.api.trigger;

import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.trigger.EventPlan;
import io.leadflow.contracts.trigger.TriggerAcceptance;
import io.leadflow.contracts.trigger.TriggerInput;
import io.leadflow.contracts.trigger.TriggerWorkflow;
import io.leadflow.shared.client.ClientDirectory;
import io.leadflow.shared.config.LeadflowProperties;
import io.leadflow.shared.engine.TriggerDispatcher;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.error.StoreFailures;
import io.leadflow.shared.event.EventLog;
import io.leadflow.shared.event.EventLogs;
import io.leadflow.shared.event.EventPayloads;
import io.leadflow.shared.lead.Lead;
import io.leadflow.shared.lead.NewLead;
import io.leadflow.shared.net.OutboundUrlGuard;
import io.leadflow.shared.tenant.TenantScope;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Fires a client site's trigger: EventLog first, then the lead, then the plan and (when the event has durable work)
 * its workflow. Answers with what the API knows (lead, rules matched); only a Meet link makes it wait on the
 * workflow, and if the engine is slow it answers 202 with the eventLogId.
 */
@Service
class TriggerService {

    private static final Logger log = LoggerFactory.getLogger(TriggerService.class);

    /** Longer than any first attempt of a trigger can still be resolving its lead. */
    private static final Duration IN_FLIGHT = Duration.ofSeconds(10);

    private final TriggerDispatcher dispatcher;
    private final TriggerLeads leads;
    private final WorkflowClient client;
    private final ClientDirectory clients;
    private final LeadflowProperties properties;
    private final boolean allowPrivateTargets;
    /**
     * Waits for acceptance run here, not in the common pool: they block on Temporal, and a slow engine must not
     * starve unrelated work. Bounded by the trigger rate limit; idle threads die after a minute.
     */
    private final ExecutorService acceptWaits = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "trigger-accept-wait");
        thread.setDaemon(true);
        return thread;
    });

    TriggerService(TriggerDispatcher dispatcher, TriggerLeads leads, WorkflowClient client, ClientDirectory clients,
                   LeadflowProperties properties) {
        this.dispatcher = dispatcher;
        this.clients = clients;
        this.leads = leads;
        this.client = client;
        this.properties = properties;
        this.allowPrivateTargets = properties.channels().allowPrivateTargets();
    }

    /** Dispatches that outlive their request's wait; bounded, and the caller runs one when it is full. */
    private final ThreadPoolExecutor dispatches = new ThreadPoolExecutor(16, 64, 60, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(2_000), runnable -> {
                Thread thread = new Thread(runnable, "trigger-dispatch");
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.CallerRunsPolicy());

    @jakarta.annotation.PreDestroy
    void shutdown() {
        acceptWaits.shutdownNow();
        dispatches.shutdown();
        try {
            // Dispatches under way finish (their events complete); anything left is picked up by the redispatcher.
            dispatches.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The answer, and whether it is final (200) or the engine still owes a part of it (202). */
    record Outcome(TriggerResponse response, boolean accepted, String message) {
    }

    /**
     * The lean path: the EventLog first, then the lead, then the plan (rules matched, sequences told) and, only when
     * the event has durable work, its workflow. The answer comes from what the API knows; it waits on the workflow
     * only when it needs the workflow's output (a Meet link).
     *
     * <p>Everything a request can be refused for is checked before the EventLog is written. What can still fail after
     * (the lead lookup or creation) ends the event {@code failed} with the answer given, and a repeat with the same
     * idempotency key gets that same answer: an event is never left {@code received} with nothing to run it.
     */
    Outcome fire(TenantScope tenant, TriggerRequest request) {
        validate(tenant, request);
        TriggerInput draft = new TriggerInput(tenant.clientCode(), null, request.trigger(), "api", null,
                request.variables() == null ? Map.of() : request.variables(), meetOf(request), request.callbackUrl(),
                request.callbackMetadata(), request.delayMinutes() == null ? 0 : request.delayMinutes(), 0, null);
        EventLogs.Recorded recorded = dispatcher.record(tenant, draft, request.idempotencyKey(), asMap(request));
        EventLog event = recorded.event();
        MDC.put("eventLogId", event.id());
        try {
            if (recorded.duplicate()) {
                Optional<EventLog> retried = retryable(tenant, event);
                if (retried.isEmpty()) {
                    refusedBefore(event);
                    return new Outcome(answer(event, null, true), !EventLog.RECEIVED.equals(event.status()),
                            "duplicate idempotencyKey: this is the original event");
                }
                event = retried.get();
                log.info("event {}: retried with its idempotency key after the database was unavailable", event.id());
            }
            String leadId = resolveLead(tenant, request, event);
            MDC.put("leadId", leadId);
            TriggerInput input = new TriggerInput(tenant.clientCode(), event.id(), draft.trigger(), draft.source(),
                    leadId, draft.variables(), draft.meet(), draft.callbackUrl(), draft.callbackMetadata(),
                    draft.delayMinutes(), draft.depth(), null);
            EventPlan plan = dispatcher.plan(tenant, event, input);
            TriggerDispatcher.Dispatched dispatched;
            try {
                dispatched = dispatchWithin(tenant, event, input, plan);
            } catch (LeadflowException unavailable) {
                throw unavailable.withDetails(Map.of("eventLogId", event.id()));
            }
            if (dispatched == null) {
                log.info("trigger {} accepted; the engine is still taking it ({} rule(s) matched)", request.trigger(),
                        plan == null ? "?" : plan.matchedRuleIds().size());
                return new Outcome(new TriggerResponse(event.id(), null, leadId,
                        plan == null ? null : plan.matchedRuleIds().size(), null, null, EventLog.PROCESSING, null), false,
                        "event accepted; the engine is taking it: follow it at GET /api/saas/events/" + event.id());
            }
            if (dispatched.workflowId() != null) {
                MDC.put("workflowId", dispatched.workflowId());
            }
            log.info("trigger {} {} ({} rule(s) matched)", request.trigger(), dispatched.event().status(),
                    dispatched.plan() == null ? "planned after its delay" : dispatched.rulesMatched());
            TriggerResponse response = new TriggerResponse(event.id(), dispatched.workflowId(), leadId,
                    dispatched.plan() == null ? null : dispatched.rulesMatched(), null, null,
                    dispatched.event().status(), null);
            if (input.meet() == null || dispatched.workflowId() == null) {
                return new Outcome(response, true, null);
            }
            Optional<TriggerAcceptance> acceptance = awaitAcceptance(dispatched.workflowId());
            if (acceptance.isEmpty()) {
                return new Outcome(response, false,
                        "event accepted; the Meet link is on its way: GET /api/saas/events/" + event.id());
            }
            return new Outcome(new TriggerResponse(event.id(), dispatched.workflowId(), leadId, response.rulesMatched(),
                    acceptance.get().meetLink(), acceptance.get().meetWarning(), response.status(), null), true, null);
        } finally {
            MDC.remove("eventLogId");
            MDC.remove("leadId");
            MDC.remove("workflowId");
        }
    }

    /** The lead of a recorded event; any failure ends the event {@code failed} with the answer the caller gets. */
    private String resolveLead(TenantScope tenant, TriggerRequest request, EventLog event) {
        LeadflowException refusal;
        try {
            Optional<Lead> lead = leads.resolve(tenant, request);
            if (lead.isPresent()) {
                return lead.get().id();
            }
            refusal = new LeadflowException(ErrorCode.LEAD_NOT_FOUND,
                    "no lead with this phone/email; set createLeadIfMissing to create one");
        } catch (LeadflowException e) {
            refusal = e;
        } catch (RuntimeException e) {
            if (!StoreFailures.unavailable(e)) {
                log.error("event {}: the lead could not be resolved", event.id(), e);
                refusal = new LeadflowException(ErrorCode.INTERNAL, "an internal error occurred");
            } else {
                log.warn("event {}: the lead could not be resolved, the database is unavailable ({})", event.id(),
                        e.getMessage());
                refusal = new LeadflowException(ErrorCode.DATABASE_UNAVAILABLE,
                        "the database is unavailable; retry with the same idempotencyKey");
            }
        }
        try {
            dispatcher.fail(tenant, event.id(), refusal);
        } catch (RuntimeException storeStillDown) {
            // The event stays received without a lead: a retry with its key takes it up again (retryable).
            log.warn("event {}: could not record its failure: {}", event.id(), storeStillDown.getMessage());
        }
        throw refusal.withDetails(Map.of("eventLogId", event.id()));
    }

    /**
     * A retry of an event whose first attempt met a database that was down gets a new attempt, not the old 503: one
     * recorded {@code failed} with {@code DATABASE_UNAVAILABLE} goes back to {@code received} (only one retry wins
     * the transition); one still {@code received} without a lead (its failure could not even be recorded) is taken up
     * as it is, once it is older than an attempt in flight could be. Resolving the lead and starting workflows are
     * idempotent, so a second attempt repeats nothing.
     */
    private static Optional<EventLog> retryable(TenantScope tenant, EventLog event) {
        EventLog.EventError error = event.error();
        if (EventLog.FAILED.equals(event.status()) && error != null
                && ErrorCode.DATABASE_UNAVAILABLE.name().equals(error.code())) {
            return EventLogs.transitionFrom(tenant, event.id(), List.of(EventLog.FAILED), EventLog.RECEIVED,
                    "retried with its idempotency key", new Update().unset("error"));
        }
        boolean neverResolved = EventLog.RECEIVED.equals(event.status()) && event.leadId() == null
                && event.createdAt() != null && event.createdAt().isBefore(Instant.now().minus(IN_FLIGHT));
        return neverResolved ? Optional.of(event) : Optional.empty();
    }

    /**
     * Hands the planned event to the engine, waiting at most {@code leadflow.temporal.dispatch-wait}: a busy engine
     * makes the answer a 202 (the dispatch goes on here and completes the event), never a slow answer. The pool is
     * bounded; when it is full the request thread dispatches itself, which is the backpressure.
     *
     * @return the dispatch, or null when it is still going on
     */
    private TriggerDispatcher.Dispatched dispatchWithin(TenantScope tenant, EventLog event, TriggerInput input,
                                                        EventPlan plan) {
        long waitMs = properties.temporal().dispatchWait().toMillis();
        if (waitMs <= 0) {
            return dispatcher.process(tenant, event, input, plan);
        }
        CompletableFuture<TriggerDispatcher.Dispatched> dispatch = CompletableFuture.supplyAsync(() -> {
            try {
                return dispatcher.process(tenant, event, input, plan);
            } catch (LeadflowException unavailable) {
                throw unavailable;
            } catch (RuntimeException unexpected) {
                // The event stays received or processing; the redispatcher and the reconciler take it from there.
                log.error("event {}: dispatch failed", event.id(), unexpected);
                throw unexpected;
            }
        }, dispatches);
        try {
            return dispatch.get(waitMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException busy) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LeadflowException failure) {
                throw failure;
            }
            throw new LeadflowException(ErrorCode.INTERNAL, "an internal error occurred", e.getCause());
        }
    }

    /** A repeat of an event the API refused after recording it gets the same refusal, not a 202. */
    private static void refusedBefore(EventLog original) {
        EventLog.EventError error = original.error();
        if (!EventLog.FAILED.equals(original.status()) || error == null || error.httpStatus() == null) {
            return;
        }
        ErrorCode code;
        try {
            code = ErrorCode.valueOf(error.code());
        } catch (IllegalArgumentException | NullPointerException unknown) {
            code = ErrorCode.VALIDATION_FAILED;
        }
        throw new LeadflowException(code, error.message())
                .withDetails(Map.of("eventLogId", original.id(), "duplicate", true));
    }

    private Optional<TriggerAcceptance> awaitAcceptance(String workflowId) {
        long timeoutMs = properties.temporal().acceptTimeout().toMillis();
        CompletableFuture<TriggerAcceptance> result = CompletableFuture.supplyAsync(() -> {
            TriggerWorkflow workflow = client.newWorkflowStub(TriggerWorkflow.class, workflowId);
            WorkflowUpdateHandle<TriggerAcceptance> handle = WorkflowClient.startUpdate(workflow::accepted,
                    UpdateOptions.<TriggerAcceptance>newBuilder().setWaitForStage(WorkflowUpdateStage.ACCEPTED).build());
            try {
                return handle.getResultAsync(timeoutMs, TimeUnit.MILLISECONDS).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }, acceptWaits);
        try {
            return Optional.ofNullable(result.get(timeoutMs, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            result.cancel(true);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            log.warn("could not read acceptance of {}: {}", workflowId, e.getCause().toString());
            return Optional.empty();
        }
    }

    private static TriggerResponse answer(EventLog event, String leadId, Boolean duplicate) {
        return new TriggerResponse(event.id(), event.workflowId(), leadId != null ? leadId : event.leadId(),
                event.rulesMatched(), event.meetLink(), event.meetWarning(), event.status(), duplicate);
    }

    private void validate(TenantScope tenant, TriggerRequest request) {
        if (isBlank(request.phone()) && isBlank(request.email())) {
            throw LeadflowException.invalid("phone", "phone or email is required");
        }
        // Exactly what lead creation would refuse, refused now, before the event exists.
        NewLead.checkContact(request.phone(), request.email());
        if (request.idempotencyKey() != null && request.idempotencyKey().isBlank()) {
            throw LeadflowException.invalid("idempotencyKey", "must not be blank");
        }
        EventPayloads.check(request.variables(), "variables");
        EventPayloads.check(request.callbackMetadata(), "callbackMetadata");
        if (Boolean.TRUE.equals(request.requiresMeet())) {
            if (request.meet() == null) {
                throw LeadflowException.invalid("meet", "is required when requiresMeet is true");
            }
            try {
                OffsetDateTime.parse(request.meet().startTime());
            } catch (DateTimeException e) {
                throw LeadflowException.invalid("meet.startTime", "must be ISO-8601 with an offset, like 2026-12-01T10:00:00+05:30");
            }
        }
        if (request.callbackUrl() != null) {
            try {
                // Syntax, scheme, credentials and literal private addresses now; the resolved address is
                // checked again at every delivery, so DNS changes after saving can't reach inside.
                OutboundUrlGuard.checkUrl(request.callbackUrl(), allowPrivateTargets);
            } catch (LeadflowException refused) {
                throw LeadflowException.invalid("callbackUrl", refused.getMessage());
            }
            // We sign callbacks with the tenant's secret. Whoever holds the (browser-safe) publishable key must not
            // get arbitrary payloads signed and sent to arbitrary URLs: only the tenant's registered origins.
            if (!clients.callbackAllowed(tenant.clientCode(), request.callbackUrl())) {
                throw new LeadflowException(ErrorCode.CALLBACK_URL_NOT_ALLOWED, "callbackUrl: its origin is not one of"
                        + " this tenant's callback origins (an admin sets them: PUT /api/clients/{clientCode}/callback-origins)");
            }
        }
    }

    private static TriggerInput.MeetSpec meetOf(TriggerRequest request) {
        if (!Boolean.TRUE.equals(request.requiresMeet()) || request.meet() == null) {
            return null;
        }
        TriggerRequest.Meet meet = request.meet();
        return new TriggerInput.MeetSpec(meet.summary(), meet.startTime(),
                meet.durationMinutes() == null ? 30 : meet.durationMinutes(), meet.attendees());
    }

    /** The request as stored on the EventLog, enough to re-create the workflow input after an outage. */
    private static Map<String, Object> asMap(TriggerRequest request) {
        Map<String, Object> map = new LinkedHashMap<>();
        put(map, "phone", request.phone());
        put(map, "email", request.email());
        put(map, "firstName", request.firstName());
        put(map, "lastName", request.lastName());
        put(map, "createLeadIfMissing", request.createLeadIfMissing());
        put(map, "variables", request.variables());
        put(map, "requiresMeet", request.requiresMeet());
        if (request.meet() != null) {
            Map<String, Object> meet = new LinkedHashMap<>();
            put(meet, "summary", request.meet().summary());
            put(meet, "startTime", request.meet().startTime());
            put(meet, "durationMinutes", request.meet().durationMinutes());
            put(meet, "attendees", request.meet().attendees());
            map.put("meet", meet);
        }
        put(map, "callbackUrl", request.callbackUrl());
        put(map, "callbackMetadata", request.callbackMetadata());
        put(map, "delayMinutes", request.delayMinutes());
        return map;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
