package io.leadflow.api.event;

import io.leadflow.shared.client.Client;
import io.leadflow.shared.client.ClientDirectory;
import io.leadflow.shared.engine.TriggerDispatcher;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.event.EventLog;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.tenant.Tenants;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Nothing accepted is lost: events that stayed {@code received} because Temporal was unreachable are started again
 * once it is back. Starting is idempotent (the workflow ID is derived from the event), so a race with the original
 * request is harmless.
 */
@Component
class EventRedispatcher {

    private static final Logger log = LoggerFactory.getLogger(EventRedispatcher.class);
    private static final Duration GRACE = Duration.ofSeconds(30);

    private final ClientDirectory clients;
    private final Tenants tenants;
    private final TriggerDispatcher dispatcher;

    EventRedispatcher(ClientDirectory clients, Tenants tenants, TriggerDispatcher dispatcher) {
        this.clients = clients;
        this.tenants = tenants;
        this.dispatcher = dispatcher;
    }

    @Scheduled(fixedDelayString = "${leadflow.api.redispatch-interval:30s}", initialDelayString = "${leadflow.api.redispatch-interval:30s}")
    void redispatchStuckEvents() {
        for (Client client : clients.clients()) {
            TenantScope tenant = tenants.scope(client.clientCode());
            List<EventLog> stuck = tenant.central().find(Query.query(Criteria.where("status").is(EventLog.RECEIVED)
                    .and("leadId").ne(null)
                    .and("createdAt").lt(Instant.now().minus(GRACE))).limit(100), EventLog.class);
            for (EventLog event : stuck) {
                try {
                    redispatch(tenant, event);
                } catch (LeadflowException unavailable) {
                    log.debug("engine still unavailable; event {} stays received", event.id());
                    return;
                }
            }
        }
    }

    void redispatch(TenantScope tenant, EventLog event) {
        dispatcher.redispatch(tenant, event);
        log.info("re-dispatched event {} of {}", event.id(), tenant.clientCode());
    }
}
