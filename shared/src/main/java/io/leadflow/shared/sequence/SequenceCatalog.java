package io.leadflow.shared.sequence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The code sequences workers can run, as they published them when they started (central database, shared by every
 * tenant): the API lists them and checks names against them without hosting any workflow code itself.
 */
public class SequenceCatalog {

    private final MongoTemplate central;

    public SequenceCatalog(MongoTemplate central) {
        this.central = central;
    }

    /** A worker's definitions as it starts: each is written (or replaced) by name. */
    public void publish(List<CatalogEntry> entries) {
        Instant now = Instant.now();
        for (CatalogEntry entry : entries) {
            central.upsert(Query.query(Criteria.where("_id").is(entry.name())), new Update()
                    .set("version", entry.version())
                    .set("description", entry.description())
                    .set("steps", entry.steps())
                    .set("exitOn", entry.exitOn())
                    .set("listensTo", entry.listensTo())
                    .set("publishedAt", now), CatalogEntry.class);
        }
    }

    public List<CatalogEntry> all() {
        return central.find(new Query().with(Sort.by("_id")), CatalogEntry.class);
    }

    public Optional<CatalogEntry> find(String name) {
        return Optional.ofNullable(central.findById(name, CatalogEntry.class));
    }
}
