package io.leadflow.shared.tenant;

import com.mongodb.client.result.UpdateResult;
import java.util.List;
import java.util.Optional;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
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

    /** Applies the update and returns the document as it is afterwards, or empty if none matched. */
    public <T> Optional<T> findAndModify(Query query, Update update, Class<T> type) {
        return Optional.ofNullable(template.findAndModify(
                scoped(query), guard(update), FindAndModifyOptions.options().returnNew(true), type));
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
