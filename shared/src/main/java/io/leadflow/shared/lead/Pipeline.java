package io.leadflow.shared.lead;

import io.leadflow.shared.tenant.TenantOwned;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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

    /** The stage with this id. */
    public Optional<Stage> stage(String stageId) {
        if (stageId == null || stages == null) {
            return Optional.empty();
        }
        return stages.stream().filter(s -> stageId.equals(s.id())).findFirst();
    }

    /** The stage with this name, ignoring case and surrounding spaces. */
    public Optional<Stage> stageNamed(String stageName) {
        if (stageName == null || stages == null) {
            return Optional.empty();
        }
        String wanted = stageName.trim().toLowerCase(Locale.ROOT);
        return stages.stream().filter(s -> s.name() != null && s.name().trim().toLowerCase(Locale.ROOT).equals(wanted))
                .findFirst();
    }

    /** Where new leads start. */
    public Stage firstStage() {
        return stages.get(0);
    }
}
