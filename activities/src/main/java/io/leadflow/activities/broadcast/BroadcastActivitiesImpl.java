package io.leadflow.activities.broadcast;

import io.leadflow.activities.whatsapp.WhatsAppActivitiesImpl;
import io.leadflow.contracts.broadcast.BroadcastActivities;
import io.leadflow.contracts.broadcast.BroadcastBatch;
import io.leadflow.contracts.broadcast.BroadcastStep;
import io.leadflow.contracts.channel.SendResult;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.template.EvaluationContext;
import io.leadflow.contracts.template.TemplateRenderer;
import io.leadflow.contracts.whatsapp.WhatsAppTemplateSend;
import io.leadflow.shared.broadcast.Broadcast;
import io.leadflow.shared.broadcast.BroadcastRecipient;
import io.leadflow.shared.broadcast.Broadcasts;
import io.leadflow.shared.config.MessagingProperties;
import io.leadflow.shared.conversation.Channels;
import io.leadflow.shared.conversation.Message;
import io.leadflow.shared.lead.Lead;
import io.leadflow.shared.lead.LeadService;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.tenant.Tenants;
import io.leadflow.shared.whatsapp.WhatsAppTemplate;
import io.leadflow.shared.whatsapp.WhatsAppTemplates;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * A broadcast's batches (see {@link BroadcastActivities}): the audience written down lead by lead, then the template
 * sent recipient by recipient through the WhatsApp activity's own path (its idempotency, sandbox outbox and failure
 * records) with the key {@code broadcast:<broadcastId>:<leadId>}. Sends are paced at the tenant's rate; every
 * recipient handled is heartbeated, so a retry after a dead worker resumes after it.
 */
@Component("broadcastActivities")
public class BroadcastActivitiesImpl implements BroadcastActivities {

    private static final Logger log = LoggerFactory.getLogger(BroadcastActivitiesImpl.class);
    /** How often a batch looks at the broadcast again (a cancel stops it within this many sends). */
    private static final int CANCEL_CHECK_EVERY = 20;

    private final Tenants tenants;
    private final LeadService leads;
    private final WhatsAppActivitiesImpl whatsapp;
    private final MessagingProperties.Broadcasts settings;
    private final TemplateRenderer renderer = TemplateRenderer.standard();

    public BroadcastActivitiesImpl(Tenants tenants, LeadService leads, WhatsAppActivitiesImpl whatsapp,
                                   MessagingProperties messaging) {
        this.tenants = tenants;
        this.leads = leads;
        this.whatsapp = whatsapp;
        this.settings = messaging.broadcasts();
    }

    @Override
    public BroadcastBatch prepare(BroadcastStep step) {
        TenantScope tenant = tenants.scope(step.clientCode());
        Broadcast broadcast = broadcast(tenant, step.broadcastId());
        if (broadcast.stopping()) {
            return new BroadcastBatch(step.cursor(), true, 0, true);
        }
        Broadcasts.transition(tenant, broadcast.id(), List.of(Broadcast.SCHEDULED), Broadcast.PREPARING,
                new Update().set("startedAt", Instant.now()));
        List<Lead> page = Broadcasts.audiencePage(tenant, broadcast.audience(), step.cursor(), step.limit());
        long room = settings.maxRecipients() - Broadcasts.counts(tenant, broadcast.id()).total();
        List<String> leadIds = page.stream().map(Lead::id).limit(Math.max(0, room)).toList();
        int added = Broadcasts.addRecipients(tenant, broadcast.id(), leadIds);
        boolean done = page.size() < step.limit() || leadIds.size() < page.size();
        if (done) {
            Broadcasts.transition(tenant, broadcast.id(), List.of(Broadcast.SCHEDULED, Broadcast.PREPARING),
                    Broadcast.SENDING, null);
        }
        String next = page.isEmpty() ? step.cursor() : page.get(page.size() - 1).id();
        return new BroadcastBatch(next, done, added, false);
    }

    @Override
    public BroadcastBatch send(BroadcastStep step) {
        ActivityExecutionContext activity = Activity.getExecutionContext();
        TenantScope tenant = tenants.scope(step.clientCode());
        Broadcast broadcast = broadcast(tenant, step.broadcastId());
        if (broadcast.stopping()) {
            return new BroadcastBatch(step.cursor(), true, 0, true);
        }
        // A retry resumes after the last recipient the crashed attempt handled.
        String cursor = activity.getHeartbeatDetails(String.class).orElse(step.cursor());
        List<BroadcastRecipient> recipients = Broadcasts.pending(tenant, broadcast.id(), cursor, step.limit());
        long intervalNanos = Duration.ofSeconds(1).toNanos() / Math.max(1, whatsapp.rate(tenant.clientCode()));
        long started = System.nanoTime();
        long deadline = started + settings.sendTimeBox().toNanos();
        int handled = 0;
        for (BroadcastRecipient recipient : recipients) {
            if (handled % CANCEL_CHECK_EVERY == 0 && handled > 0 && broadcast(tenant, broadcast.id()).stopping()) {
                return new BroadcastBatch(cursor, true, handled, true);
            }
            pace(started + handled * intervalNanos);
            handle(tenant, broadcast, recipient);
            handled++;
            cursor = recipient.id();
            activity.heartbeat(cursor);
            if (System.nanoTime() > deadline) {
                return new BroadcastBatch(cursor, false, handled, false);
            }
        }
        return new BroadcastBatch(cursor, recipients.size() < step.limit(), handled, false);
    }

    @Override
    public void finish(String clientCode, String broadcastId, String status) {
        TenantScope tenant = tenants.scope(clientCode);
        List<String> from = Broadcast.CANCELLED.equals(status)
                ? List.of(Broadcast.SCHEDULED, Broadcast.PREPARING, Broadcast.SENDING, Broadcast.CANCELLING)
                : List.of(Broadcast.SCHEDULED, Broadcast.PREPARING, Broadcast.SENDING);
        Broadcasts.transition(tenant, broadcastId, from, status, new Update().set("finishedAt", Instant.now()));
    }

    /** Sends to one recipient, or records why not; a transient failure goes back to Temporal (the recipient stays pending). */
    private void handle(TenantScope tenant, Broadcast broadcast, BroadcastRecipient recipient) {
        Optional<Lead> found = leads.find(tenant, recipient.leadId());
        if (found.isEmpty()) {
            Broadcasts.move(tenant, recipient.id(), BroadcastRecipient.SKIPPED, ErrorCode.LEAD_NOT_FOUND.name(), null);
            return;
        }
        Lead lead = found.get();
        if (lead.optedOut(Channels.WHATSAPP)) {
            Broadcasts.move(tenant, recipient.id(), BroadcastRecipient.SKIPPED, ErrorCode.OPTED_OUT.name(), null);
            return;
        }
        if (lead.phone() == null) {
            Broadcasts.move(tenant, recipient.id(), BroadcastRecipient.SKIPPED, ErrorCode.LEAD_HAS_NO_PHONE.name(), null);
            return;
        }
        Map<String, Object> context = EvaluationContext.of(leads.facts(tenant, lead.id()).orElse(Map.of()),
                "broadcast", Map.of("broadcastId", broadcast.id(), "name", broadcast.name()), Map.of(), Map.of());
        List<String> body = List.of();
        List<String> header = List.of();
        if (broadcast.variables() != null) {
            body = render(broadcast.variables(), context);
        } else {
            WhatsAppTemplate.Mapping mapping = WhatsAppTemplates.find(tenant, broadcast.template(), broadcast.language())
                    .map(WhatsAppTemplate::mapping).orElse(null);
            if (mapping != null) {
                body = render(mapping.body(), context);
                header = render(mapping.header(), context);
            }
        }
        try {
            SendResult sent = whatsapp.sendTemplate(new WhatsAppTemplateSend(tenant.clientCode(), lead.id(), lead.phone(),
                    broadcast.template(), broadcast.language(), body, header,
                    Broadcasts.KEY_PREFIX + BroadcastRecipient.id(broadcast.id(), lead.id())));
            Broadcasts.move(tenant, recipient.id(), Message.SENT, null, sent.providerMessageId());
        } catch (ApplicationFailure failure) {
            if (ErrorCode.TENANT_SUSPENDED.name().equals(failure.getType())) {
                // A suspended tenant's broadcast waits (retried) rather than failing everyone: it resumes if reactivated.
                throw ApplicationFailure.newFailureWithCauseAndDelay("the tenant is suspended; the broadcast waits",
                        "TENANT_SUSPENDED_WAIT", null, Duration.ofMinutes(1));
            }
            if (!failure.isNonRetryable()) {
                throw failure;
            }
            log.info("broadcast {}: {} not sent ({})", broadcast.id(), lead.id(), failure.getType());
            Broadcasts.move(tenant, recipient.id(), Message.FAILED, failure.getType(), null);
        }
    }

    private List<String> render(List<String> templates, Map<String, Object> context) {
        return templates == null ? List.of() : templates.stream().map(template -> renderer.render(template, context)).toList();
    }

    private static void pace(long dueNanos) {
        long wait = dueNanos - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApplicationFailure.newFailure("interrupted while pacing", "INTERRUPTED");
            }
        }
    }

    private static Broadcast broadcast(TenantScope tenant, String id) {
        return Broadcasts.find(tenant, id).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
                "broadcast " + id + " does not exist", ErrorCode.BROADCAST_NOT_FOUND.name()));
    }
}
