package io.leadflow.workflows.sequence;

/**
 * A sequence's steps, written against {@link SequenceRuntime}. Data rules are one definition
 * ({@link RuleSequence}); product teams write others in Java. Definitions run inside a workflow: they must be
 * deterministic and do everything through the runtime.
 */
public interface SequenceDefinition {

    /** How many steps the operator view should expect (may be an estimate for branching sequences). */
    int totalSteps();

    void run(SequenceRuntime runtime);
}
