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
    /** One stored WhatsApp webhook delivery, processed (docs/INBOUND.md). */
    public static final String INBOUND = "WhatsAppInbound";
    /** A reply an agent sends from the inbox. */
    public static final String INBOX_REPLY = "InboxReply";
    /** A template message to an audience of leads, paced at the tenant's rate. */
    public static final String BROADCAST = "Broadcast";
    /** The tenant's {@code no_contact} scan, started by its Temporal Schedule. */
    public static final String NO_CONTACT_JOB = "NoContactJob";
    /** The tenant's daily lead-score recalculation, started by its Temporal Schedule. */
    public static final String SCORE_JOB = "ScoreJob";

    /** Every Leadflow workflow type, for visibility queries. */
    public static final List<String> ALL = List.of(TRIGGER, SEQUENCE, INBOUND, INBOX_REPLY, BROADCAST, NO_CONTACT_JOB,
            SCORE_JOB);

    private WorkflowTypes() {
    }
}
