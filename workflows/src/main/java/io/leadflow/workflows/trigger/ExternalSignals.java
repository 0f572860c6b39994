package io.leadflow.workflows.trigger;

import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.SignalExternalWorkflowException;

/** Reading the failure of a signal to another workflow: "it is not running" is an answer, anything else is not. */
final class ExternalSignals {

    /** The type the SDK gives a signal that found no open execution to deliver to. */
    private static final String NOT_FOUND = "SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND";

    private ExternalSignals() {
    }

    /** True when the signal failed only because the target has no open run. */
    static boolean targetClosed(RuntimeException failure) {
        if (failure instanceof SignalExternalWorkflowException) {
            return true;
        }
        return failure instanceof ApplicationFailure app && NOT_FOUND.equals(app.getType());
    }
}
