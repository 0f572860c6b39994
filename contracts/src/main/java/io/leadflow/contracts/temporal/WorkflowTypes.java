package io.leadflow.contracts.temporal;

import java.util.List;

/**
 * Workflow type names, as operators see them in the Temporal Web UI and as visibility queries name them.
 *
 * <p>Engine v2 registered new names ({@code Trigger}, {@code Sequence}) instead of patching the 0.1 types
 * ({@code TriggerWorkflow}, {@code SequenceWorkflow}) in place: the rewrite is not replay-compatible, and a new type
 * is Temporal's way to ship such a change without breaking what runs. From here on, changes keep the names and go
 * through {@code Workflow.getVersion} (docs/VERSIONING.md).
 */
public final class WorkflowTypes {

    public static final String TRIGGER = "Trigger";
    public static final String SEQUENCE = "Sequence";

    /** Every Leadflow workflow type, for visibility queries. */
    public static final List<String> ALL = List.of(TRIGGER, SEQUENCE);

    private WorkflowTypes() {
    }
}
