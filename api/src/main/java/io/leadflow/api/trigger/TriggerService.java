package io.leadflow.api.trigger;

import io.leadflow.shared.config.LeadflowProperties;
import io.leadflow.shared.engine.TriggerAcceptance;
import io.leadflow.shared.engine.TriggerDispatcher;
import io.leadflow.shared.engine.TriggerInput;
import io.leadflow.shared.error.ErrorCode;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.event.EventLog;
import io.leadflow.shared.event.EventLogs;
import io.leadflow.shared.lead.Lead;
import io.leadflow.shared.net.OutboundUrlGuard;
import io.leadflow.shared.tenant.TenantScope;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Fires a client site's trigger: EventLog first, then the lead, then the event's workflow; answers with what the
 * workflow accepted (rules matched, Meet link) or, if the engine is slow, 202 with the eventLogId.
 */
@Service
class TriggerService {

    private static final Logger log = LoggerFactory.getLogger(TriggerService.class);

    private final TriggerDispatcher dispatcher;
    private final TriggerLeads leads;
    private final WorkflowClient client;
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

    TriggerService(TriggerDispatcher dispatcher, TriggerLeads leads, WorkflowClient client, LeadflowProperties properties) {
        this.dispatcher = dispatcher;
        this.leads = leads;
        this.client = client;
        this.properties = properties;
        this.allowPrivateTargets = properties.channels().allowPrivateTargets();
    }

    @jakarta.annotation.PreDestroy
    void shutdown() {
        acceptWaits.shutdownNow();
    }

    /** The answer, and whether the workflow accepted the event before we answered. */
    record Outcome(TriggerResponse response, boolean accepted, String message) {
    }

    Outcome fire(TenantScope tenant, TriggerRequest request) {
        validate(request);
        TriggerInput draft = new TriggerInput(tenant.clientCode(), null, request.trigger(), "api", null,
                request.variables() == null ? Map.of() : request.variables(), meetOf(request), request.callbackUrl(),
                request.callbackMetadata(), request.delayMinutes() == null ? 0 : request.delayMinutes(), 0);
        EventLogs.Recorded recorded = dispatcher.record(tenant, draft, request.idempotencyKey(), asMap(request));
        EventLog event = recorded.event();
        MDC.put("eventLogId", event.id());
        try {
            if (recorded.duplicate()) {
                return new Outcome(answer(event, null, true), !EventLog.RECEIVED.equals(event.status()),
                        "duplicate idempotencyKey: this is the original event");
            }
            Optional<Lead> lead = leads.resolve(tenant, request);
            if (lead.isEmpty()) {
                String message = "no lead with this phone/email; set createLeadIfMissing to create one";
                EventLogs.transition(tenant, event.id(), EventLog.FAILED, message, new Update()
                        .set("error", new EventLog.EventError(ErrorCode.LEAD_NOT_FOUND.name(), message)));
                throw new LeadflowException(ErrorCode.LEAD_NOT_FOUND, message).withDetails(Map.of("eventLogId", event.id()));
            }
            String leadId = lead.get().id();
            EventLogs.update(tenant, event.id(), new Update().set("leadId", leadId));
            TriggerInput input = new TriggerInput(draft.clientCode(), event.id(), draft.trigger(), draft.source(), leadId,
                    draft.variables(), draft.meet(), draft.callbackUrl(), draft.callbackMetadata(), draft.delayMinutes(),
                    draft.depth());
            try {
                dispatcher.start(tenant, event.id(), input);
            } catch (LeadflowException unavailable) {
                throw unavailable.withDetails(Map.of("eventLogId", event.id()));
            }
            String workflowId = io.leadflow.shared.temporal.WorkflowIds.trigger(tenant.clientCode(), event.id());
            Optional<TriggerAcceptance> acceptance = awaitAcceptance(workflowId);
            EventLog current = EventLogs.byId(tenant, event.id()).orElse(event);
            if (acceptance.isEmpty()) {
                return new Outcome(answer(current, leadId, null), false,
                        "event accepted for processing; follow it at GET /api/saas/events/" + event.id());
            }
            TriggerAcceptance a = acceptance.get();
            return new Outcome(new TriggerResponse(event.id(), workflowId, leadId, a.rulesMatched(), a.meetLink(),
                    a.meetWarning(), current.status(), null), true, null);
        } finally {
            MDC.remove("eventLogId");
        }
    }

    private Optional<TriggerAcceptance> awaitAcceptance(String workflowId) {
        long timeoutMs = properties.temporal().acceptTimeout().toMillis();
        CompletableFuture<TriggerAcceptance> result = CompletableFuture.supplyAsync(() -> {
            WorkflowUpdateHandle<TriggerAcceptance> handle = client.newUntypedWorkflowStub(workflowId)
                    .startUpdate(UpdateOptions.newBuilder(TriggerAcceptance.class)
                            .setUpdateName("accepted")
                            .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
                            .build());
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

    private void validate(TriggerRequest request) {
        if (isBlank(request.phone()) && isBlank(request.email())) {
            throw LeadflowException.invalid("phone", "phone or email is required");
        }
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
