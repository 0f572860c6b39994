package io.leadflow.api.health;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.leadflow.api.security.TenantAuthentication;
import io.leadflow.api.web.ApiError;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.client.ClientDirectory;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import java.security.Principal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Public health: whether Temporal and the database answer. 200 when both do, 503 otherwise. */
@Tag(name = "Health", description = "Reachability of Temporal and the database; liveness and readiness probes")
@RestController
class HealthController {

    private final WorkflowClient client;
    private final MongoTemplate central;
    private final ClientDirectory clients;

    HealthController(WorkflowClient client, MongoTemplate central, ClientDirectory clients) {
        this.client = client;
        this.central = central;
        this.clients = clients;
    }

    /**
     * Public; a caller that also sends valid tenant headers (the chain authenticated them) learns how its own channels are set up: whether it runs
     * in the sandbox (sends go to the outbox) and which providers have credentials.
     */
    @GetMapping("/api/saas/health")
    ResponseEntity<?> health(Principal caller) {
        Map<String, Object> checks = new LinkedHashMap<>();
        boolean temporal = check(checks, "temporal", () -> client.getWorkflowServiceStubs().blockingStub()
                .withDeadlineAfter(Duration.ofSeconds(3).toMillis(), TimeUnit.MILLISECONDS)
                .getSystemInfo(GetSystemInfoRequest.getDefaultInstance()));
        boolean database = check(checks, "database", () -> central.executeCommand(new Document("ping", 1)));
        checks.put("namespace", client.getOptions().getNamespace());
        if (database && caller instanceof TenantAuthentication authenticated) {
            String clientCode = authenticated.clientCode();
            clients.client(clientCode).ifPresent(tenant -> checks.put("tenant", Map.of(
                    "clientCode", clientCode,
                    "sandbox", tenant.sandbox(),
                    "channels", tenant.sandbox() ? "sandbox outbox (nothing leaves Leadflow)" : "live providers",
                    "configuredProviders", clients.configuredProviders(clientCode))));
        }
        if (temporal && database) {
            return ResponseEntity.ok(Map.of("success", true, "data", checks));
        }
        return ResponseEntity.status(503).body(ApiError.of(
                temporal ? ErrorCode.DATABASE_UNAVAILABLE : ErrorCode.TEMPORAL_UNAVAILABLE,
                "a dependency is unreachable", checks));
    }

    private static boolean check(Map<String, Object> checks, String name, Runnable probe) {
        long start = System.nanoTime();
        try {
            probe.run();
            checks.put(name, Map.of("status", "up", "latencyMs", (System.nanoTime() - start) / 1_000_000));
            return true;
        } catch (RuntimeException e) {
            checks.put(name, Map.of("status", "down"));
            return false;
        }
    }
}
