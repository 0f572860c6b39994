package io.leadflow.shared.lead;

import io.leadflow.shared.tenant.TenantOwned;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A sales pipeline with its stages in order; each tenant has one default pipeline. */
@Document("pipelines")
public record Pipeline(
        @Id String id,
        String clientCode,
        String name,
        boolean isDefault,
        List<Stage> stages,
        Instant createdAt,
        Instant updatedAt) implements TenantOwned {

    /** A stage of a pipeline; {@code order} starts at 0. */
    public record Stage(String id, String name, int order) {
    }
}
