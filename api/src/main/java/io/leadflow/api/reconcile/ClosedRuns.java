package io.leadflow.api.reconcile;

import io.leadflow.contracts.sequence.SequenceStatus;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Reads from Temporal how a run ended when it ended without telling us: terminated, timed out, failed or cancelled
 * from the Web UI or the CLI. The reason comes from the run's close event alone (one small read, whatever the
 * history's length).
 */
@Component
public class ClosedRuns {

    private final WorkflowClient client;

    ClosedRuns(WorkflowClient client) {
        this.client = client;
    }

    /**
     * A run as Temporal sees it.
     *
     * @param exists false when Temporal has no such workflow (never started, or past retention)
     * @param status for a closed run, the status it maps to ({@code completed}, {@code failed}, {@code terminated},
     *     {@code timed_out}, {@code cancelled}); null while it runs
     * @param searchAttributes the run's search attributes (its operator state while it runs)
     */
    public record RunState(boolean exists, boolean open, String status, String runId, SearchAttributes searchAttributes) {

        static RunState missing() {
            return new RunState(false, false, null, null, SearchAttributes.EMPTY);
        }

        /** A value of the run's search attributes, or null. */
        public <T> T get(SearchAttributeKey<T> key) {
            return searchAttributes != null && searchAttributes.containsKey(key) ? searchAttributes.get(key) : null;
        }
    }

    /** The latest run of a workflow ID. */
    public RunState describe(String workflowId) {
        try {
            WorkflowExecutionDescription description = client.newUntypedWorkflowStub(workflowId).describe();
            WorkflowExecutionStatus status = description.getStatus();
            boolean open = status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
            return new RunState(true, open, open ? null : statusOf(status), description.getExecution().getRunId(),
                    description.getTypedSearchAttributes());
        } catch (WorkflowNotFoundException notFound) {
            return RunState.missing();
        }
    }

    /** Why a closed run ended, from its close event: the termination reason or the failure's message. */
    public Optional<String> reason(String workflowId, String runId) {
        return closeEvent(workflowId, runId).map(ClosedRuns::describe);
    }

    /**
     * What a sequence run that completed reported as its result ({@code exited}, {@code cancelled} and
     * {@code completed} all complete in Temporal's terms), read from its close event: empty when it returned nothing
     * readable (another workflow type, or a result the converter can't read).
     */
    public Optional<SequenceStatus> result(String workflowId, String runId) {
        Optional<HistoryEvent> close = closeEvent(workflowId, runId)
                .filter(HistoryEvent::hasWorkflowExecutionCompletedEventAttributes);
        if (close.isEmpty() || !close.get().getWorkflowExecutionCompletedEventAttributes().hasResult()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(client.getOptions().getDataConverter().fromPayloads(0,
                    Optional.of(close.get().getWorkflowExecutionCompletedEventAttributes().getResult()),
                    SequenceStatus.class, SequenceStatus.class));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private Optional<HistoryEvent> closeEvent(String workflowId, String runId) {
        WorkflowExecution.Builder execution = WorkflowExecution.newBuilder().setWorkflowId(workflowId);
        if (runId != null) {
            execution.setRunId(runId);
        }
        var history = client.getWorkflowServiceStubs().blockingStub().getWorkflowExecutionHistory(
                GetWorkflowExecutionHistoryRequest.newBuilder()
                        .setNamespace(client.getOptions().getNamespace())
                        .setExecution(execution)
                        .setHistoryEventFilterType(HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT)
                        .build());
        int count = history.getHistory().getEventsCount();
        return count == 0 ? Optional.empty() : Optional.of(history.getHistory().getEvents(count - 1));
    }

    /** Maps Temporal's execution status to the status words of the sequences index and the event log. */
    public static String statusOf(WorkflowExecutionStatus status) {
        return switch (status) {
            case WORKFLOW_EXECUTION_STATUS_COMPLETED -> SequenceStatus.COMPLETED;
            case WORKFLOW_EXECUTION_STATUS_FAILED -> SequenceStatus.FAILED;
            case WORKFLOW_EXECUTION_STATUS_TERMINATED -> SequenceStatus.TERMINATED;
            case WORKFLOW_EXECUTION_STATUS_TIMED_OUT -> SequenceStatus.TIMED_OUT;
            case WORKFLOW_EXECUTION_STATUS_CANCELED -> SequenceStatus.CANCELLED;
            case WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW -> "continued_as_new";
            default -> SequenceStatus.RUNNING;
        };
    }

    private static String describe(HistoryEvent event) {
        EventType type = event.getEventType();
        return switch (type) {
            case EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED -> {
                String reason = event.getWorkflowExecutionTerminatedEventAttributes().getReason();
                String identity = event.getWorkflowExecutionTerminatedEventAttributes().getIdentity();
                yield "terminated in Temporal" + (identity.isBlank() ? "" : " by " + identity)
                        + (reason.isBlank() ? "" : ": " + reason);
            }
            case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED ->
                    "failed: " + event.getWorkflowExecutionFailedEventAttributes().getFailure().getMessage();
            case EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT -> "timed out (workflow execution timeout)";
            case EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED -> "cancelled in Temporal";
            default -> null;
        };
    }
}
