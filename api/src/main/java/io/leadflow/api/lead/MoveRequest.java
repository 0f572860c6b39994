package io.leadflow.api.lead;

/** Body of {@code POST /api/crm/leads/{id}/move}: a stage of the lead's pipeline, by id or by name. */
record MoveRequest(String stageId, String stageName) {
}
