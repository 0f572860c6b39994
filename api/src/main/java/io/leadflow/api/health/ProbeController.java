package io.leadflow.api.health;

import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The liveness and readiness probes on the public port too, at the paths actuator serves them on the management port,
 * for load balancers and orchestrators that only reach this port. They answer the status alone ({@code UP}, 200; or
 * 503); details, and every other actuator endpoint, stay on the management port, which is never published.
 */
@Tag(name = "Health", description = "Reachability of Temporal and the database; liveness and readiness probes")
@RestController
@ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
class ProbeController {

    private final HealthEndpoint health;

    ProbeController(HealthEndpoint health) {
        this.health = health;
    }

    @GetMapping("/actuator/health/{probe:liveness|readiness}")
    ResponseEntity<Map<String, String>> probe(@PathVariable String probe) {
        HealthDescriptor group = health.healthForPath(probe);
        Status status = group == null ? Status.UNKNOWN : group.getStatus();
        boolean serving = !Status.DOWN.equals(status) && !Status.OUT_OF_SERVICE.equals(status);
        return ResponseEntity.status(serving ? 200 : 503).body(Map.of("status", status.getCode()));
    }
}
