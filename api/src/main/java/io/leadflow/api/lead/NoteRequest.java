package io.leadflow.api.lead;

/** Body of {@code POST /api/crm/leads/{id}/notes}. */
record NoteRequest(String body, String author) {
}
