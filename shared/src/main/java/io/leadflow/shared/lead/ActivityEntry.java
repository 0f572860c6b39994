package io.leadflow.shared.lead;

import io.leadflow.shared.tenant.TenantOwned;
import java.time.Instant;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One line of a lead's activity log: every change the CRM makes to a lead (and what automations did to it).
 *
 * @param type {@code lead_created}, {@code lead_updated}, {@code stage_changed}, {@code tag_added},
 *             {@code tag_removed}, {@code assigned}, {@code unassigned}, {@code note_added}, or an engine entry
 * @param actor {@code api} for changes made through the REST API, {@code automation} for changes made by a rule
 * @param data what changed, as plain values (the stage ids, the tag, the fields)
 */
@Document("activity_log")
public record ActivityEntry(
        @Id String id,
        String clientCode,
        String leadId,
        String type,
        String summary,
        Map<String, Object> data,
        String actor,
        int depth,
        Instant at) implements TenantOwned {

    public static final String LEAD_CREATED = "lead_created";
    public static final String LEAD_UPDATED = "lead_updated";
    public static final String STAGE_CHANGED = "stage_changed";
    public static final String TAG_ADDED = "tag_added";
    public static final String TAG_REMOVED = "tag_removed";
    public static final String ASSIGNED = "assigned";
    public static final String UNASSIGNED = "unassigned";
    public static final String NOTE_ADDED = "note_added";
}
