package io.leadflow.worker;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.leadflow.contracts.temporal.LeadflowSearchAttributes;
import io.leadflow.shared.config.LeadflowProperties;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Registers the custom search attributes (ClientCode, LeadId, Trigger, RuleId) on start-up when the server lacks
 * them, so operators can filter by tenant in the Web UI. Best effort: a server that refuses (no operator service,
 * no permission) is logged, not fatal.
 */
@Component
class SearchAttributeRegistrar implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SearchAttributeRegistrar.class);

    private static final int ATTEMPTS = 6;

    private final WorkflowClient client;
    private final LeadflowProperties properties;

    SearchAttributeRegistrar(WorkflowClient client, LeadflowProperties properties) {
        this.client = client;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.temporal().searchAttributes() || !properties.temporal().registerSearchAttributes()) {
            return;
        }
        // In the background: a busy or still-starting server must neither block nor fail the worker's start.
        Thread registrar = new Thread(this::registerWithRetries, "search-attribute-registrar");
        registrar.setDaemon(true);
        registrar.start();
    }

    private void registerWithRetries() {
        String namespace = client.getOptions().getNamespace();
        OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(OperatorServiceStubsOptions.newBuilder()
                .setChannel(client.getWorkflowServiceStubs().getRawChannel())
                .validateAndBuildWithDefaults());
        try {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                try {
                    register(operator, namespace);
                    return;
                } catch (StatusRuntimeException e) {
                    Status.Code code = e.getStatus().getCode();
                    if (code == Status.Code.ALREADY_EXISTS) {
                        return;
                    }
                    boolean transientFailure = code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED
                            || code == Status.Code.RESOURCE_EXHAUSTED;
                    if (!transientFailure || attempt == ATTEMPTS) {
                        log.warn("could not register search attributes ({}); register them with "
                                + "'temporal operator search-attribute create' for Web UI filtering", e.getStatus());
                        return;
                    }
                    Thread.sleep(Math.min(30_000L, 1000L << attempt));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            operator.shutdown();
        }
    }

    private void register(OperatorServiceStubs operator, String namespace) {
        Map<String, io.temporal.api.enums.v1.IndexedValueType> missing = new HashMap<>(LeadflowSearchAttributes.ALL);
        try {
            ListSearchAttributesResponse existing = operator.blockingStub()
                    .withDeadlineAfter(10, java.util.concurrent.TimeUnit.SECONDS)
                    .listSearchAttributes(ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build());
            missing.keySet().removeAll(existing.getCustomAttributesMap().keySet());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
                throw e;
            }
            // Some servers (the Java test server) can add attributes but not list them: add them all.
        }
        if (missing.isEmpty()) {
            return;
        }
        operator.blockingStub().withDeadlineAfter(10, java.util.concurrent.TimeUnit.SECONDS)
                .addSearchAttributes(AddSearchAttributesRequest.newBuilder()
                        .setNamespace(namespace).putAllSearchAttributes(missing).build());
        log.info("registered search attributes {} in namespace {}", missing.keySet(), namespace);
    }
}
