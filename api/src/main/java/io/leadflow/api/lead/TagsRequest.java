package io.leadflow.api.lead;

import java.util.List;

/** Body of {@code POST /api/crm/leads/{id}/tags}: tags to add and tags to remove. */
record TagsRequest(List<String> add, List<String> remove) {
}
