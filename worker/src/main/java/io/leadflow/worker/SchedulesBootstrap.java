package io.leadflow.worker;

import io.leadflow.shared.client.Client;
import io.leadflow.shared.client.ClientDirectory;
import io.leadflow.shared.schedule.TenantSchedules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Gives every tenant its Temporal Schedules when the worker starts: tenants provisioned before scheduled jobs existed,
 * and tenants whose schedules could not be created at provisioning (Temporal was unreachable). Creating is
 * idempotent, and an existing schedule is left as it is (paused stays paused). In the background, best effort.
 */
@Component
class SchedulesBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SchedulesBootstrap.class);

    private final ClientDirectory clients;
    private final TenantSchedules schedules;

    SchedulesBootstrap(ClientDirectory clients, TenantSchedules schedules) {
        this.clients = clients;
        this.schedules = schedules;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!schedules.enabled()) {
            return;
        }
        Thread bootstrap = new Thread(this::ensureAll, "tenant-schedules");
        bootstrap.setDaemon(true);
        bootstrap.start();
    }

    private void ensureAll() {
        int missing = 0;
        for (Client client : clients.clients()) {
            missing += schedules.ensure(client.clientCode(), client.timezone()).size();
        }
        if (missing > 0) {
            log.warn("{} tenant schedule(s) could not be created; they are retried at the next start", missing);
        }
    }
}
