package io.leadflow.shared.lead;

import io.leadflow.shared.error.FieldValidationException;
import io.leadflow.shared.tenant.TenantScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * A lead's notes and activity log, in the tenant's database. Entries made by automations carry the causing depth and
 * the actor {@code automation}; API calls are depth 0, actor {@code api}.
 */
final class LeadJournal {

    private LeadJournal() {
    }

    static Note addNote(TenantScope tenant, Lead lead, String body, String author) {
        String text = body == null ? "" : body.strip();
        if (text.isEmpty()) {
            throw new FieldValidationException("body", "is required");
        }
        if (text.length() > 10_000) {
            throw new FieldValidationException("body", "must be at most 10000 characters");
        }
        Note note = tenant.data().insert(new Note(null, tenant.clientCode(), lead.id(), text,
                LeadInput.text(author, "author", 100), LeadService.now()));
        append(tenant, lead.id(), ActivityEntry.NOTE_ADDED, "note added", Map.of("noteId", note.id()), 0);
        return note;
    }

    static List<Note> notes(TenantScope tenant, Lead lead) {
        return tenant.data().find(Query.query(Criteria.where("leadId").is(lead.id()))
                .with(Sort.by(Sort.Direction.DESC, "createdAt").and(Sort.by(Sort.Direction.DESC, "_id"))), Note.class);
    }

    static void checkLimit(int limit) {
        if (limit < 1 || limit > 500) {
            throw new FieldValidationException("limit", "must be between 1 and 500");
        }
    }

    static List<ActivityEntry> activities(TenantScope tenant, Lead lead, int limit) {
        return tenant.data().find(Query.query(Criteria.where("leadId").is(lead.id()))
                .with(Sort.by(Sort.Direction.DESC, "at").and(Sort.by(Sort.Direction.DESC, "_id"))).limit(limit),
                ActivityEntry.class);
    }

    static ActivityEntry append(TenantScope tenant, String leadId, String type, String summary,
                                Map<String, Object> data, int depth) {
        return tenant.data().insert(new ActivityEntry(null, tenant.clientCode(), leadId, type, summary,
                data == null ? Map.of() : new LinkedHashMap<>(data), depth == 0 ? "api" : "automation", depth,
                LeadService.now()));
    }
}
