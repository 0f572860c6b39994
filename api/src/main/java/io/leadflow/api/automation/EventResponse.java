package io.leadflow.api.automation;

/** What a fired business event became: its EventLog, its trigger workflow, and the lead it is about. */
record EventResponse(String eventLogId, String workflowId, String leadId, boolean duplicate) {
}
