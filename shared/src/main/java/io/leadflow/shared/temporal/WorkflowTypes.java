package io.leadflow.shared.temporal;

/**
 * Workflow type names, so code that must not depend on the workflow module (activities that fire internal
 * triggers) can still start workflows by name.
 */
public final class WorkflowTypes {

    public static final String TRIGGER = "TriggerWorkflow";
    public static final String SEQUENCE = "SequenceWorkflow";

    private WorkflowTypes() {
    }
}
