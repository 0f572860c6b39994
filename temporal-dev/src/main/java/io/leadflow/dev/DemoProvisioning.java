package io.leadflow.dev;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo tenant once the api is up: created on a first start (its keys saved, as they are shown only once), read
 * back from the saved file on later starts.
 *
 * @param tenant the demo tenant's credentials, empty if they are unknown
 * @param problem why there are no credentials to show, when there are none
 */
record DemoProvisioning(Optional<DemoTenant> tenant, String problem) {

    private static final Logger log = LoggerFactory.getLogger(DemoProvisioning.class);

    static DemoProvisioning run(AdminApi adminApi, String adminToken, StackSettings settings) {
        AdminApi.Provisioning provisioning = adminApi.createDemoTenant(adminToken);
        if (provisioning instanceof AdminApi.Provisioning.Created created) {
            created.tenant().save(settings.demoTenantFile());
            log.info("Provisioned demo tenant '{}'", created.tenant().clientCode());
            return new DemoProvisioning(Optional.of(created.tenant()), "");
        }
        if (provisioning instanceof AdminApi.Provisioning.AlreadyExists) {
            Optional<DemoTenant> demo = DemoTenant.load(settings.demoTenantFile())
                    .map(tenant -> withPublishableKey(adminApi, adminToken, tenant, settings));
            demo.ifPresent(tenant -> log.info("Demo tenant '{}' exists; its credentials are in {}", tenant.clientCode(),
                    settings.display(settings.demoTenantFile())));
            return new DemoProvisioning(demo, "'" + DemoTenant.CLIENT_CODE + "' exists but its API key is not in "
                    + settings.display(settings.demoTenantFile())
                    + " (keys are shown only once); reset with: rm -rf " + settings.display(settings.dataDir()));
        }
        String problem = "could not be provisioned: " + ((AdminApi.Provisioning.Failed) provisioning).reason();
        log.warn("Demo tenant {}", problem);
        return new DemoProvisioning(Optional.empty(), problem);
    }

    /** A demo tenant saved before there were publishable keys gets one now (rotated in once, then saved). */
    private static DemoTenant withPublishableKey(AdminApi adminApi, String adminToken, DemoTenant tenant,
            StackSettings settings) {
        if (tenant.publishableKey() != null && !tenant.publishableKey().isBlank()) {
            return tenant;
        }
        return adminApi.rotatePublishableKey(adminToken, tenant.clientCode()).map(key -> {
            DemoTenant updated = tenant.withPublishableKey(key);
            updated.save(settings.demoTenantFile());
            log.info("Gave demo tenant '{}' a publishable key", tenant.clientCode());
            return updated;
        }).orElse(tenant);
    }
}
