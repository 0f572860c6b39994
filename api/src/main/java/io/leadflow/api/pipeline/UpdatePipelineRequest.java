package io.leadflow.api.pipeline;

import io.leadflow.shared.lead.Pipelines;
import java.util.List;

/**
 * Body of {@code PATCH /api/crm/pipelines/{id}}; absent parts stay as they are. {@code stages} is the whole new
 * list in order: {@code {"id", "name"}} keeps (and may rename) an existing stage, {@code {"name"}} adds one, and a
 * stage left out is removed.
 */
record UpdatePipelineRequest(String name, List<Pipelines.StageEdit> stages, Boolean isDefault) {
}
