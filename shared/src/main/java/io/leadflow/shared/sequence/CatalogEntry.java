package io.leadflow.shared.sequence;

import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A code sequence as operators see it: {@code GET /api/crm/sequences/definitions}.
 *
 * @param name what rules target ({@code "sequence": "code:<name>"}) and enrollments name
 * @param steps the steps an operator should expect, in order
 * @param publishedAt when a worker last started with this definition
 */
@Document("sequence_definitions")
public record CatalogEntry(
        @Id String name,
        int version,
        String description,
        List<String> steps,
        List<String> exitOn,
        List<String> listensTo,
        Instant publishedAt) {
}
