package io.leadflow.shared.whatsapp;

import io.leadflow.shared.tenant.TenantScope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * A tenant's WhatsApp templates: written by a sync from the Graph API (which keeps each template's saved mapping),
 * read when a rule is saved (its parameter count) and when a message goes out (its mapping).
 */
public final class WhatsAppTemplates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_]+)\\s*}}");

    private WhatsAppTemplates() {
    }

    public static void ensureIndexes(TenantScope tenant) {
        tenant.data().indexOps(WhatsAppTemplate.class).createIndex(new Index().on("clientCode", Sort.Direction.ASC)
                .on("name", Sort.Direction.ASC).on("language", Sort.Direction.ASC).unique());
    }

    /** A template as the Graph API describes it, before it is stored. */
    public record Synced(String metaId, String name, String language, String status, String category,
                         List<Map<String, Object>> components) {
    }

    /**
     * Stores what a sync read: new templates are added, known ones updated (their mapping kept), templates Meta no
     * longer lists are marked {@code DELETED}. Returns the tenant's templates afterwards.
     */
    public static List<WhatsAppTemplate> replaceFromSync(TenantScope tenant, List<Synced> synced) {
        Instant now = Instant.now();
        Set<String> seen = new LinkedHashSet<>();
        for (Synced template : synced) {
            seen.add(template.name() + "|" + template.language());
            Update update = new Update()
                    .set("status", template.status())
                    .set("category", template.category())
                    .set("components", template.components())
                    .set("parameterCount", bodyParameters(template.components()))
                    .set("headerParameterCount", headerParameters(template.components()))
                    .set("metaId", template.metaId())
                    .set("syncedAt", now)
                    .set("updatedAt", now);
            tenant.data().upsert(Query.query(Criteria.where("name").is(template.name())
                    .and("language").is(template.language())), update, WhatsAppTemplate.class);
        }
        for (WhatsAppTemplate known : list(tenant)) {
            if (!seen.contains(known.name() + "|" + known.language()) && !"DELETED".equals(known.status())) {
                tenant.data().updateFirst(Query.query(Criteria.where("_id").is(known.id())),
                        new Update().set("status", "DELETED").set("updatedAt", now), WhatsAppTemplate.class);
            }
        }
        return list(tenant);
    }

    /** The tenant's templates by name, then language. */
    public static List<WhatsAppTemplate> list(TenantScope tenant) {
        return tenant.data().find(new Query().with(Sort.by("name", "language")), WhatsAppTemplate.class);
    }

    public static Optional<WhatsAppTemplate> find(TenantScope tenant, String id) {
        return tenant.data().findById(id, WhatsAppTemplate.class);
    }

    /** The template of this name and language, if synced. */
    public static Optional<WhatsAppTemplate> find(TenantScope tenant, String name, String language) {
        return tenant.data().findOne(Query.query(Criteria.where("name").is(name).and("language").is(language)),
                WhatsAppTemplate.class);
    }

    /** Every synced language of a template name (empty: the template is not synced at all). */
    public static List<String> languages(TenantScope tenant, String name) {
        return tenant.data().find(Query.query(Criteria.where("name").is(name)), WhatsAppTemplate.class).stream()
                .map(WhatsAppTemplate::language).sorted().toList();
    }

    public static Optional<WhatsAppTemplate> saveMapping(TenantScope tenant, String id, WhatsAppTemplate.Mapping mapping) {
        return tenant.data().findAndModify(Query.query(Criteria.where("_id").is(id)),
                new Update().set("mapping", mapping).set("updatedAt", Instant.now()), WhatsAppTemplate.class);
    }

    /** Distinct placeholders of the body component ({@code {{1}}}, {@code {{2}}}, or named ones). */
    public static int bodyParameters(List<Map<String, Object>> components) {
        return placeholders(component(components, "BODY"));
    }

    /** Distinct placeholders of a text header. */
    public static int headerParameters(List<Map<String, Object>> components) {
        Map<String, Object> header = component(components, "HEADER");
        if (header == null || (header.get("format") != null && !"TEXT".equalsIgnoreCase(String.valueOf(header.get("format"))))) {
            return 0;
        }
        return placeholders(header);
    }

    private static Map<String, Object> component(List<Map<String, Object>> components, String type) {
        if (components == null) {
            return null;
        }
        for (Map<String, Object> component : components) {
            if (type.equalsIgnoreCase(String.valueOf(component.get("type")))) {
                return component;
            }
        }
        return null;
    }

    private static int placeholders(Map<String, Object> component) {
        if (component == null || !(component.get("text") instanceof String text)) {
            return 0;
        }
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1).toLowerCase(Locale.ROOT));
        }
        return new ArrayList<>(names).size();
    }
}
