package io.leadflow.dev;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.leadflow.contracts.temporal.LeadflowSearchAttributes;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Talks to the Temporal the stack started: waits until it serves the namespace, registers search attributes. */
final class TemporalAdmin implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TemporalAdmin.class);

    private final WorkflowServiceStubs service;
    private final String namespace;

    TemporalAdmin(String address, String namespace) {
        this.service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
        this.namespace = namespace;
    }

    /**
     * Polls until the front end answers and knows the namespace. Gives up early when {@code alive} turns false,
     * so a server that crashed on start-up is reported at once instead of after the timeout.
     */
    void awaitServing(Duration timeout, BooleanSupplier alive) {
        Instant deadline = Instant.now().plus(timeout);
        StatusRuntimeException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!alive.getAsBoolean()) {
                throw new StartupException("Temporal exited during start-up");
            }
            try {
                var stub = service.blockingStub().withDeadlineAfter(2, TimeUnit.SECONDS);
                stub.getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
                stub.describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
                return;
            } catch (StatusRuntimeException e) {
                last = e;
                // The Java test server accepts any namespace but does not implement every admin call.
                if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                    return;
                }
            }
            sleep(Duration.ofMillis(500));
        }
        throw new StartupException("Temporal did not answer within " + timeout.toSeconds() + " s"
                + (last == null ? "" : " (" + last.getStatus().getCode() + ")"));
    }

    /**
     * Registers ClientCode, LeadId, Trigger and RuleId as Keyword. An attribute that already exists is fine;
     * returns false when the server refuses them, so the apps can be told to run without.
     */
    boolean registerSearchAttributes() {
        OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(OperatorServiceStubsOptions.newBuilder()
                .setChannel(service.getRawChannel())
                .validateAndBuildWithDefaults());
        try {
            operator.blockingStub().withDeadlineAfter(10, TimeUnit.SECONDS).addSearchAttributes(
                    AddSearchAttributesRequest.newBuilder()
                            .setNamespace(namespace)
                            .putAllSearchAttributes(LeadflowSearchAttributes.ALL)
                            .build());
            return true;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
                return true;
            }
            log.warn("Temporal refused the custom search attributes ({}); workflows will run without them",
                    e.getStatus().getCode());
            return false;
        } finally {
            operator.shutdown();
        }
    }

    @Override
    public void close() {
        service.shutdown();
        service.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while waiting for Temporal");
        }
    }
}
