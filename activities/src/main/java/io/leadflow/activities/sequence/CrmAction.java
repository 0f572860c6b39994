package io.leadflow.activities.sequence;

import java.util.Map;

/** A CRM action of a sequence step, with its parameters already rendered. */
public record CrmAction(String clientCode, String leadId, String type, Map<String, Object> params, int depth,
                        String sequenceWorkflowId) {
}
