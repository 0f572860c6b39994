package io.leadflow.shared.lead;

import io.leadflow.shared.tenant.TenantScope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.types.ObjectId;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/** A tenant's pipelines; every tenant has exactly one default pipeline, created on demand. */
public final class Pipelines {

    public static final List<String> DEFAULT_STAGES = List.of("New", "Contacted", "Qualified", "Proposal", "Won", "Lost");

    private Pipelines() {
    }

    public static Pipeline ensureDefault(TenantScope tenant) {
        Optional<Pipeline> existing = defaultPipeline(tenant);
        if (existing.isPresent()) {
            return existing.get();
        }
        Instant now = Instant.now();
        Pipeline pipeline = new Pipeline(null, tenant.clientCode(), "Sales", true, stages(DEFAULT_STAGES), now, now);
        try {
            return tenant.data().insert(pipeline);
        } catch (DuplicateKeyException raced) {
            return defaultPipeline(tenant).orElseThrow(() -> raced);
        }
    }

    public static Optional<Pipeline> defaultPipeline(TenantScope tenant) {
        return tenant.data().findOne(Query.query(Criteria.where("isDefault").is(true)), Pipeline.class);
    }

    public static List<Pipeline.Stage> stages(List<String> names) {
        List<Pipeline.Stage> stages = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            stages.add(new Pipeline.Stage(new ObjectId().toHexString(), names.get(i), i));
        }
        return stages;
    }

    /** Index for the default-pipeline lookup. */
    public static void ensureIndexes(TenantScope tenant) {
        tenant.data().indexOps(Pipeline.class).createIndex(
                new Index().on("clientCode", Sort.Direction.ASC).on("isDefault", Sort.Direction.ASC));
    }
}
