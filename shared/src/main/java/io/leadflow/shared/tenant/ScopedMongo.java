package io.leadflow.shared.tenant;

import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.result.UpdateResult;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.convert.MongoConverter;
import org.springframework.data.mongodb.core.convert.QueryMapper;
import org.springframework.data.mongodb.core.convert.UpdateMapper;
import org.springframework.data.mongodb.core.mapping.MongoPersistentEntity;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * A MongoDB accessor bound to one tenant: every read, write and delete it performs carries
 * {@code clientCode} as a hard filter, and every inserted document must already carry the same code.
 * This is the only way tenant data is reached.
 */
public final class ScopedMongo {

    public static final String CLIENT_CODE = "clientCode";

    private final String clientCode;
    private final MongoTemplate template;

    ScopedMongo(String clientCode, MongoTemplate template) {
        this.clientCode = clientCode;
        this.template = template;
    }

    public String clientCode() {
        return clientCode;
    }

    /** Index management of this tenant's collection (indexes hold no data, so they need no filter). */
    public org.springframework.data.mongodb.core.index.IndexOperations indexOps(Class<?> type) {
        return template.indexOps(type);
    }

    public <T> List<T> find(Query query, Class<T> type) {
        return template.find(scoped(query), type);
    }

    public <T> Optional<T> findOne(Query query, Class<T> type) {
        return Optional.ofNullable(template.findOne(scoped(query), type));
    }

    public <T> Optional<T> findById(String id, Class<T> type) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        return findOne(Query.query(Criteria.where("_id").is(id)), type);
    }

    public long count(Query query, Class<?> type) {
        return template.count(scoped(query), type);
    }

    public boolean exists(Query query, Class<?> type) {
        return template.exists(scoped(query), type);
    }

    public <T extends TenantOwned> T insert(T document) {
        requireOwned(document);
        return template.insert(document);
    }

    public <T extends TenantOwned> T save(T document) {
        requireOwned(document);
        return template.save(document);
    }

    public UpdateResult updateFirst(Query query, Update update, Class<?> type) {
        return template.updateFirst(scoped(query), guard(update), type);
    }

    public UpdateResult updateMulti(Query query, Update update, Class<?> type) {
        return template.updateMulti(scoped(query), guard(update), type);
    }

    /** Updates the matching document, inserting it (with this tenant's clientCode) when there is none. */
    public UpdateResult upsert(Query query, Update update, Class<?> type) {
        return template.upsert(scoped(query), guard(update), type);
    }

    /**
     * Applies the update and returns the document as it is afterwards, or empty if none matched.
     *
     * <p>Sent as a plain {@code findOneAndUpdate} rather than through {@code MongoTemplate.findAndModify}: the
     * template always adds a {@code fields} projection (empty when there is none), which FerretDB refuses as not
     * implemented, and Leadflow must run on any MongoDB-compatible server (docs/BENCHMARKS.md, "Stores").
     */
    public <T> Optional<T> findAndModify(Query query, Update update, Class<T> type) {
        MongoConverter converter = template.getConverter();
        MongoPersistentEntity<?> entity = converter.getMappingContext().getPersistentEntity(type);
        Document filter = new QueryMapper(converter).getMappedObject(scoped(query).getQueryObject(), entity);
        Document changes = new UpdateMapper(converter).getMappedObject(guard(update).getUpdateObject(), entity);
        Document after = template.getCollection(template.getCollectionName(type)).findOneAndUpdate(filter, changes,
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        return Optional.ofNullable(after).map(document -> converter.read(type, document));
    }

    public long delete(Query query, Class<?> type) {
        return template.remove(scoped(query), type).getDeletedCount();
    }

    /** Copies the query so callers may reuse theirs (for a count and then a page, say). */
    private Query scoped(Query query) {
        return Query.of(query).addCriteria(Criteria.where(CLIENT_CODE).is(clientCode));
    }

    private Update guard(Update update) {
        if (update.modifies(CLIENT_CODE)) {
            throw new IllegalArgumentException("clientCode of a tenant document can never change");
        }
        return update;
    }

    private void requireOwned(TenantOwned document) {
        if (!clientCode.equals(document.clientCode())) {
            throw new IllegalArgumentException("document belongs to '" + document.clientCode()
                    + "', not to tenant '" + clientCode + "'");
        }
    }
}
