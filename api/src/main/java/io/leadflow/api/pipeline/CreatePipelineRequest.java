package io.leadflow.api.pipeline;

import java.util.List;

/** Body of {@code POST /api/crm/pipelines}: a name and the stage names in order. */
record CreatePipelineRequest(String name, List<String> stages, Boolean isDefault) {
}
