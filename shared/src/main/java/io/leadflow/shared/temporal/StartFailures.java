package io.leadflow.shared.temporal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;

/** Reading the failures of a workflow start: "already started" is an answer, anything else is an outage. */
public final class StartFailures {

    private StartFailures() {
    }

    /** True if the start failed only because a workflow with that ID exists (or existed, under the reuse policy). */
    public static boolean isAlreadyStarted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof WorkflowExecutionAlreadyStarted) {
                return true;
            }
            if (t instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
                return true;
            }
        }
        return false;
    }
}
