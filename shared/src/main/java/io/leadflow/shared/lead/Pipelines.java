package io.leadflow.shared.lead;

import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.error.FieldValidationException;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.tenant.TenantScope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.bson.types.ObjectId;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * A tenant's pipelines; every tenant has exactly one default pipeline, created on demand. Stages keep their
 * ids when renamed or reordered, and a stage or pipeline that still holds leads cannot be removed.
 */
public final class Pipelines {

    public static final List<String> DEFAULT_STAGES = List.of("New", "Contacted", "Qualified", "Proposal", "Won", "Lost");
    public static final int MAX_STAGES = 50;

    private Pipelines() {
    }

    /** One stage of an edit: an existing stage by {@code id} (renamed to {@code name}), or a new one (no id). */
    public record StageEdit(String id, String name) {
    }

    public static Pipeline ensureDefault(TenantScope tenant) {
        Optional<Pipeline> existing = defaultPipeline(tenant);
        if (existing.isPresent()) {
            return existing.get();
        }
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
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

    /** All pipelines, the default first (created if the tenant has none yet), then oldest first. */
    public static List<Pipeline> list(TenantScope tenant) {
        ensureDefault(tenant);
        return tenant.data().find(new Query().with(Sort.by(Sort.Direction.DESC, "isDefault")
                .and(Sort.by(Sort.Direction.ASC, "createdAt")).and(Sort.by(Sort.Direction.ASC, "_id"))), Pipeline.class);
    }

    public static Optional<Pipeline> find(TenantScope tenant, String id) {
        return tenant.data().findById(id, Pipeline.class);
    }

    /** The pipeline, or 404. */
    public static Pipeline get(TenantScope tenant, String id) {
        return find(tenant, id).orElseThrow(() -> LeadflowException.notFound(ErrorCode.NOT_FOUND, "pipeline", id));
    }

    /** A new pipeline with stages named in order; {@code makeDefault} moves the default flag to it. */
    public static Pipeline create(TenantScope tenant, String name, List<String> stageNames, boolean makeDefault) {
        String validName = name(name);
        if (stageNames == null || stageNames.isEmpty()) {
            throw new FieldValidationException("stages", "must name at least one stage");
        }
        List<StageEdit> edits = new ArrayList<>();
        stageNames.forEach(stage -> edits.add(new StageEdit(null, stage)));
        List<Pipeline.Stage> stages = stages(edits, List.of());
        ensureDefault(tenant);
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Pipeline created = tenant.data().insert(new Pipeline(null, tenant.clientCode(), validName, false, stages, now, now));
        return makeDefault ? makeDefault(tenant, created) : created;
    }

    /**
     * Renames, replaces the stage list, or makes the pipeline the default; null parts stay as they are. A stage
     * left out of {@code stages} is removed, which is refused while leads are in it.
     */
    public static Pipeline update(TenantScope tenant, String id, String name, List<StageEdit> stages, Boolean makeDefault) {
        Pipeline pipeline = get(tenant, id);
        if (Boolean.FALSE.equals(makeDefault) && pipeline.isDefault()) {
            throw new FieldValidationException("isDefault", "make another pipeline the default instead");
        }
        Update update = new Update().set("updatedAt", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        if (name != null) {
            update.set("name", name(name));
        }
        if (stages != null) {
            List<Pipeline.Stage> next = stages(stages, pipeline.stages());
            Set<String> kept = new HashSet<>();
            next.forEach(stage -> kept.add(stage.id()));
            for (Pipeline.Stage old : pipeline.stages()) {
                if (!kept.contains(old.id())) {
                    long leads = tenant.data().count(Query.query(Criteria.where("pipelineId").is(pipeline.id())
                            .and("stageId").is(old.id())), Lead.class);
                    if (leads > 0) {
                        throw new LeadflowException(ErrorCode.CONFLICT, "stage '" + old.name() + "' still holds " + leads
                                + " lead(s); move them before removing the stage");
                    }
                }
            }
            update.set("stages", next);
        }
        Pipeline updated = tenant.data().findAndModify(Query.query(Criteria.where("_id").is(pipeline.id())), update,
                Pipeline.class).orElseThrow(() -> LeadflowException.notFound(ErrorCode.NOT_FOUND, "pipeline", id));
        return Boolean.TRUE.equals(makeDefault) && !updated.isDefault() ? makeDefault(tenant, updated) : updated;
    }

    /** Deletes a pipeline that is not the default and holds no leads (409 otherwise). */
    public static void delete(TenantScope tenant, String id) {
        Pipeline pipeline = get(tenant, id);
        if (pipeline.isDefault()) {
            throw new LeadflowException(ErrorCode.CONFLICT, "the default pipeline cannot be deleted");
        }
        long leads = tenant.data().count(Query.query(Criteria.where("pipelineId").is(pipeline.id())), Lead.class);
        if (leads > 0) {
            throw new LeadflowException(ErrorCode.CONFLICT, "pipeline '" + pipeline.name() + "' still holds " + leads
                    + " lead(s); move or delete them first");
        }
        tenant.data().delete(Query.query(Criteria.where("_id").is(pipeline.id())), Pipeline.class);
    }

    private static Pipeline makeDefault(TenantScope tenant, Pipeline pipeline) {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        tenant.data().updateMulti(Query.query(Criteria.where("isDefault").is(true).and("_id").ne(pipeline.id())),
                new Update().set("isDefault", false).set("updatedAt", now), Pipeline.class);
        return tenant.data().findAndModify(Query.query(Criteria.where("_id").is(pipeline.id())),
                new Update().set("isDefault", true).set("updatedAt", now), Pipeline.class).orElse(pipeline);
    }

    private static String name(String name) {
        String trimmed = name == null ? "" : name.trim();
        if (trimmed.isEmpty()) {
            throw new FieldValidationException("name", "is required");
        }
        if (trimmed.length() > 100) {
            throw new FieldValidationException("name", "must be at most 100 characters");
        }
        return trimmed;
    }

    private static List<Pipeline.Stage> stages(List<StageEdit> edits, List<Pipeline.Stage> existing) {
        if (edits.isEmpty()) {
            throw new FieldValidationException("stages", "must name at least one stage");
        }
        if (edits.size() > MAX_STAGES) {
            throw new FieldValidationException("stages", "at most " + MAX_STAGES + " stages");
        }
        Set<String> names = new HashSet<>();
        Set<String> ids = new HashSet<>();
        List<Pipeline.Stage> stages = new ArrayList<>();
        for (int i = 0; i < edits.size(); i++) {
            StageEdit edit = edits.get(i);
            String field = "stages[" + i + "]";
            if (edit == null) {
                throw new FieldValidationException(field, "must be a stage");
            }
            String name = edit.name() == null ? "" : edit.name().trim();
            if (name.isEmpty() || name.length() > 100) {
                throw new FieldValidationException(field + ".name", "must be 1-100 characters");
            }
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                throw new FieldValidationException(field + ".name", "duplicate stage name '" + name + "'");
            }
            String id = edit.id();
            if (id == null || id.isBlank()) {
                id = new ObjectId().toHexString();
            } else if (existing.stream().noneMatch(stage -> stage.id().equals(edit.id()))) {
                throw new FieldValidationException(field + ".id", "no stage '" + edit.id() + "' in this pipeline");
            } else if (!ids.add(id)) {
                throw new FieldValidationException(field + ".id", "stage '" + id + "' is listed twice");
            }
            stages.add(new Pipeline.Stage(id, name, i));
        }
        return stages;
    }
}
