package io.leadflow.workflows.sequence;

import java.util.List;

/**
 * A sequence written in Java: product teams implement this, register it as a bean in the worker, and rules target it
 * with {@code "sequence": "code:<name>"} (or operators enroll a lead directly through the API).
 *
 * <p>{@link #run} executes inside a Temporal workflow: it must be deterministic. Do everything through the
 * {@link SequenceRuntime} (time, waits, sends, lead reads), branch in plain Java, and never use I/O, clocks, random
 * numbers or threads of your own. Definitions are stateless: one instance serves every run, and all state lives in
 * the runtime. Changing what {@code run} does for sequences already in flight goes through
 * {@link SequenceRuntime#version} and is proven by a replay test (docs/SEQUENCES.md, docs/VERSIONING.md).
 */
public interface SequenceDefinition {

    /** Unique name: {@code [a-z0-9][a-z0-9_-]*}; part of workflow IDs, so never rename a definition in use. */
    String name();

    /** Shown to operators; bump it with every behaviour change (the change itself is guarded by getVersion). */
    int version();

    /** One line for operators. */
    String description();

    /** The steps an operator should expect, in order (branches may skip some). */
    List<String> steps();

    /** Events that end the sequence early, as in rules: {@code lead_replied}, {@code tag_added:customer}. */
    default List<String> exitOn() {
        return List.of();
    }

    /**
     * Event names the sequence reacts to ({@code exitOn} plus what it waits for), so the engine signals it only for
     * those; the default, {@code *}, means every event of its lead.
     */
    default List<String> listensTo() {
        return List.of(io.leadflow.contracts.sequence.LeadEvent.ANY);
    }

    void run(SequenceRuntime sequence);
}
