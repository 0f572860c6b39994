package io.leadflow.contracts.sequence;

/**
 * Something that happened to a lead, delivered to its running sequences as a signal: {@code name} is the trigger
 * ({@code lead_replied}, {@code tag_added}, {@code stage_enter}) and {@code qualifier} its subject (the tag, the stage
 * name), so {@code exitOn: ["tag_added:customer"]} matches {@code (tag_added, customer)}.
 */
public record LeadEvent(String name, String qualifier, String eventLogId) {

    /** The event a trigger means for running sequences; the qualifier comes from the trigger's tag or stage name. */
    public static LeadEvent of(String trigger, java.util.Map<String, ?> variables, String eventLogId) {
        Object qualifier = null;
        if (variables != null) {
            qualifier = variables.get("tag");
            if (qualifier == null) {
                qualifier = variables.get("stageName");
            }
        }
        return new LeadEvent(trigger, qualifier == null ? null : qualifier.toString(), eventLogId);
    }

    /** Matches every event: what a sequence listens to when it cannot say in advance (code sequences by default). */
    public static final String ANY = "*";

    /**
     * The event name an {@code exitOn} or {@code waitFor} entry listens for, as indexed for fan-out:
     * {@code tag_added:customer} listens to {@code tag_added}, {@code stage_changed} to {@code stage_enter}.
     */
    public static String listenName(String entry) {
        int colon = entry.indexOf(':');
        String name = colon < 0 ? entry : entry.substring(0, colon);
        return "stage_changed".equals(name) ? "stage_enter" : name;
    }

    /** Whether an {@code exitOn} or {@code waitFor} entry names this event. {@code stage_changed} means any stage move. */
    public boolean matches(String entry) {
        if (entry == null) {
            return false;
        }
        int colon = entry.indexOf(':');
        String entryName = colon < 0 ? entry : entry.substring(0, colon);
        String entryQualifier = colon < 0 ? null : entry.substring(colon + 1);
        boolean nameMatches = entryName.equals(name)
                || ("stage_changed".equals(entryName) && "stage_enter".equals(name));
        return nameMatches && (entryQualifier == null || entryQualifier.equalsIgnoreCase(qualifier == null ? "" : qualifier));
    }
}
