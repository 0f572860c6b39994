package io.leadflow.shared.lead;

/**
 * Which leads to list; null parts don't filter.
 *
 * @param q free text matched (case-insensitively, as a substring) against first and last name, email and phone
 */
public record LeadFilter(String pipelineId, String stageId, String tag, String assignedTo, String q) {

    public static LeadFilter none() {
        return new LeadFilter(null, null, null, null, null);
    }
}
