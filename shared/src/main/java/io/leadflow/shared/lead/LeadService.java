package io.leadflow.shared.lead;

import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.template.EvaluationContext;
import io.leadflow.shared.error.FieldValidationException;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.tenant.TenantScope;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bson.types.ObjectId;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The CRM's leads, always through one tenant's {@link TenantScope}: create, find, change and delete; listing is
 * {@link LeadQuery}'s, notes and the activity log {@link LeadJournal}'s, rule steps' CRM actions {@link LeadActions}'s. Every change is logged, and lifecycle changes are reported to the engine as internal
 * triggers ({@code lead_created}, {@code stage_exit} then {@code stage_enter}, {@code tag_added},
 * {@code tag_removed}, {@code assigned}) through {@link LeadEvents}.
 *
 * <p>Every change method takes {@code depth}: 0 for API calls, the causing sequence's depth + 1 for changes an
 * automation makes, so the dispatcher's loop guard can cut rules that keep re-triggering each other. A change
 * that changes nothing (moving to the current stage, adding a tag the lead has) fires nothing, which also makes
 * retried activities harmless.
 *
 * <p>A phone or email belongs to at most one lead per tenant ({@link ContactClaim}), even under races.
 */
public class LeadService {

    public static final String LEAD_CREATED = "lead_created";
    public static final String STAGE_EXIT = "stage_exit";
    public static final String STAGE_ENTER = "stage_enter";
    public static final String TAG_ADDED = "tag_added";
    public static final String TAG_REMOVED = "tag_removed";
    public static final String ASSIGNED = "assigned";
    /** The lead opted out of a channel (a STOP message, an unsubscribe, or {@code optOut} through the API). */
    public static final String OPTED_OUT = "opted_out";
    /** The lead opted back in (a START message, or {@code optOut: {channel: false}}). */
    public static final String OPTED_IN = "opted_in";

    public static final int MAX_PAGE_SIZE = 100;

    private static final int ATTEMPTS = 3;

    private final LeadEvents events;

    public LeadService(LeadEvents events) {
        this.events = events;
    }

    /** A lead, and whether this call created it. */
    public record Created(Lead lead, boolean created) {
    }

    /** Indexes of the CRM collections; safe to call repeatedly. */
    public static void ensureIndexes(TenantScope tenant) {
        var leads = tenant.data().indexOps(Lead.class);
        leads.createIndex(new Index().on("clientCode", Sort.Direction.ASC).on("phone", Sort.Direction.ASC));
        leads.createIndex(new Index().on("clientCode", Sort.Direction.ASC).on("email", Sort.Direction.ASC));
        leads.createIndex(new Index().on("clientCode", Sort.Direction.ASC).on("pipelineId", Sort.Direction.ASC)
                .on("stageId", Sort.Direction.ASC));
        leads.createIndex(new Index().on("clientCode", Sort.Direction.ASC).on("tags", Sort.Direction.ASC));
        leads.createIndex(new Index().on("clientCode", Sort.Direction.ASC).on("assignedTo", Sort.Direction.ASC));
        leads.createIndex(new Index().on("clientCode", Sort.Direction.ASC).on("createdAt", Sort.Direction.DESC));
        tenant.data().indexOps(Note.class).createIndex(new Index().on("clientCode", Sort.Direction.ASC)
                .on("leadId", Sort.Direction.ASC).on("createdAt", Sort.Direction.DESC));
        tenant.data().indexOps(ActivityEntry.class).createIndex(new Index().on("clientCode", Sort.Direction.ASC)
                .on("leadId", Sort.Direction.ASC).on("at", Sort.Direction.DESC));
        tenant.data().indexOps(ContactClaim.class).createIndex(new Index().on("clientCode", Sort.Direction.ASC)
                .on("leadId", Sort.Direction.ASC));
        Pipelines.ensureIndexes(tenant);
    }

    // ------------------------------------------------------------------ create

    /**
     * Creates a lead in its pipeline's stage (the tenant's default pipeline and its first stage unless told
     * otherwise) and fires {@code lead_created}.
     *
     * @throws LeadflowException {@code CONFLICT} when another lead already has the phone or email
     */
    public Lead create(TenantScope tenant, NewLead draft, int depth) {
        return insert(tenant, draft, depth, false).lead();
    }

    /** The lead with this phone (else email), or a new one from the draft: for triggers that create leads. */
    public Created findOrCreate(TenantScope tenant, NewLead draft, int depth) {
        return insert(tenant, draft, depth, true);
    }

    private Created insert(TenantScope tenant, NewLead draft, int depth, boolean reuse) {
        if (draft == null) {
            throw new FieldValidationException("body", "a lead object is required");
        }
        String phone = LeadInput.phone(draft.phone(), "phone");
        String email = LeadInput.email(draft.email(), "email");
        if (phone == null && email == null) {
            throw new FieldValidationException("phone", "a lead needs a phone (E.164) or an email");
        }
        String firstName = LeadInput.text(draft.firstName(), "firstName", 100);
        String lastName = LeadInput.text(draft.lastName(), "lastName", 100);
        String source = LeadInput.text(draft.source(), "source", 100);
        Integer score = LeadInput.score(draft.score(), "score");
        Double dealValue = LeadInput.dealValue(draft.dealValue(), "dealValue");
        List<String> tags = LeadInput.tags(draft.tags(), "tags");
        String assignedTo = LeadInput.text(draft.assignedTo(), "assignedTo", 128);
        Map<String, Object> refs = LeadInput.attributes(draft.refs(), "refs");
        Map<String, Object> extra = LeadInput.attributes(draft.extra(), "extra");
        String timezone = LeadInput.timezone(draft.timezone(), "timezone");
        Optional<Lead> existing = findByContact(tenant, phone, email);
        if (existing.isPresent()) {
            return existing(existing.get(), phone, email, reuse);
        }
        Pipeline pipeline = draft.pipelineId() == null || draft.pipelineId().isBlank()
                ? Pipelines.ensureDefault(tenant)
                : Pipelines.find(tenant, draft.pipelineId()).orElseThrow(() ->
                        new FieldValidationException("pipelineId", "no pipeline '" + draft.pipelineId() + "'"));
        Pipeline.Stage stage = draft.stageId() == null && draft.stageName() == null
                ? pipeline.firstStage() : stage(pipeline, draft.stageId(), draft.stageName());
        Instant now = now();
        String id = new ObjectId().toHexString();
        Lead lead = new Lead(id, tenant.clientCode(), firstName, lastName, email, phone, source, score, dealValue, tags,
                assignedTo, pipeline.id(), stage.id(), refs, extra, timezone, now, now, null, null, null, now, null);
        Optional<String> holder = ContactClaims.claim(tenant, id, phone, email);
        if (holder.isPresent()) {
            Lead other = find(tenant, holder.get()).orElseThrow(() -> new LeadflowException(ErrorCode.CONFLICT,
                    "the phone or email is being claimed by another request; try again"));
            return existing(other, phone, email, reuse);
        }
        Lead stored;
        try {
            stored = tenant.data().insert(lead);
        } catch (RuntimeException e) {
            ContactClaims.release(tenant, id);
            throw e;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("pipelineId", pipeline.id());
        data.put("stageId", stage.id());
        data.put("stageName", stage.name());
        data.put("source", stored.source());
        log(tenant, id, ActivityEntry.LEAD_CREATED, "lead created in " + stage.name(), data, depth);
        events.fire(tenant, id, LEAD_CREATED, data, depth);
        return new Created(stored, true);
    }

    private static Created existing(Lead lead, String phone, String email, boolean reuse) {
        if (reuse) {
            return new Created(lead, false);
        }
        boolean samePhone = phone != null && phone.equals(lead.phone());
        throw new LeadflowException(ErrorCode.CONFLICT, "a lead with " + (samePhone ? "phone " + phone : "email " + email)
                + " already exists").withDetails(Map.of("leadId", lead.id()));
    }

    // ------------------------------------------------------------------ read

    public Optional<Lead> find(TenantScope tenant, String id) {
        return tenant.data().findById(id, Lead.class);
    }

    /** The lead, or {@code LEAD_NOT_FOUND} (also for ids of other tenants and ids that are not ids at all). */
    public Lead get(TenantScope tenant, String id) {
        return find(tenant, id).orElseThrow(() -> LeadflowException.notFound(ErrorCode.LEAD_NOT_FOUND, "lead", id));
    }

    /**
     * The lead with this phone, else the one with this email (both normalised first): through the contact's claim
     * (a key lookup), else by the lead's own field (leads from before claims).
     */
    public Optional<Lead> findByContact(TenantScope tenant, String phone, String email) {
        String normalPhone = LeadInput.normalPhone(phone);
        String normalEmail = LeadInput.normalEmail(email);
        for (String[] contact : new String[][] {{"phone", normalPhone}, {"email", normalEmail}}) {
            if (contact[1] == null) {
                continue;
            }
            Optional<Lead> claimed = ContactClaims.holder(tenant, contact[0], contact[1]).flatMap(id -> find(tenant, id))
                    .filter(lead -> contact[1].equals("phone".equals(contact[0]) ? lead.phone() : lead.email()));
            if (claimed.isPresent()) {
                return claimed;
            }
        }
        if (normalPhone != null) {
            Optional<Lead> byPhone = tenant.data().findOne(Query.query(Criteria.where("phone").is(normalPhone)), Lead.class);
            if (byPhone.isPresent()) {
                return byPhone;
            }
        }
        if (normalEmail != null) {
            return tenant.data().findOne(Query.query(Criteria.where("email").is(normalEmail)), Lead.class);
        }
        return Optional.empty();
    }

    /** A page of leads, newest first (see {@link LeadQuery#page}). */
    public LeadPage list(TenantScope tenant, LeadFilter filter, int page, int limit) {
        return LeadQuery.page(tenant, filter, page, limit);
    }

    // ------------------------------------------------------------------ change

    /**
     * Changes the fields present in {@code changes} ({@code null} clears an optional field). {@code tags} replaces
     * the tag list, {@code assignedTo} assigns and {@code stageId}/{@code stageName} moves, each firing its
     * triggers as the dedicated methods do. Server-managed fields are ignored; unknown fields are refused.
     */
    public Lead patch(TenantScope tenant, String id, Map<String, ?> changes, int depth) {
        return new LeadPatch(this, tenant, id, depth).apply(changes);
    }

    /**
     * Opts the lead out of a channel (or back in): nothing is sent there any more, sequences record such steps
     * {@code skipped} with {@code OPTED_OUT}. A real change is logged and fires {@code opted_out} / {@code opted_in}
     * with {@code channel} and {@code source}; setting what is already set does nothing.
     *
     * @param source what asked: {@code api}, {@code whatsapp_keyword}, {@code email_unsubscribe}
     */
    public Lead setOptOut(TenantScope tenant, String id, String channel, boolean optedOut, String source, int depth) {
        return OptOuts.set(tenant, get(tenant, id), channel, optedOut, source, depth, this::log, events);
    }

    /**
     * Moves the lead's message clocks forward: {@code lastInboundAt} or {@code lastOutboundAt}, and
     * {@code lastContactAt}, never backwards (a late write of an older message changes nothing).
     */
    public void recordContact(TenantScope tenant, String id, boolean inbound, Instant at) {
        tenant.data().updateFirst(Query.query(Criteria.where("_id").is(id)), new Update()
                .max(inbound ? "lastInboundAt" : "lastOutboundAt", at).max("lastContactAt", at), Lead.class);
    }

    /**
     * Moves the lead to a stage of its pipeline (by id, or by name ignoring case) and fires {@code stage_exit}
     * then {@code stage_enter}, both with {@code fromStageId}, {@code toStageId}, {@code fromStageName},
     * {@code toStageName}, {@code pipelineId} and {@code stageName} (the stage left, resp. entered).
     */
    public Lead moveStage(TenantScope tenant, String id, String stageId, String stageName, int depth) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Lead lead = get(tenant, id);
            Pipeline pipeline = pipelineOf(tenant, lead);
            Pipeline.Stage target = stage(pipeline, stageId, stageName);
            if (target.id().equals(lead.stageId())) {
                return lead;
            }
            Optional<Lead> moved = tenant.data().findAndModify(
                    Query.query(Criteria.where("_id").is(id).and("stageId").is(lead.stageId())),
                    new Update().set("stageId", target.id()).set("pipelineId", pipeline.id()).set("updatedAt", now()),
                    Lead.class);
            if (moved.isEmpty()) {
                continue;
            }
            Pipeline.Stage from = pipeline.stage(lead.stageId()).orElse(null);
            Map<String, Object> variables = new LinkedHashMap<>();
            variables.put("pipelineId", pipeline.id());
            variables.put("fromStageId", lead.stageId());
            variables.put("fromStageName", from == null ? null : from.name());
            variables.put("toStageId", target.id());
            variables.put("toStageName", target.name());
            log(tenant, id, ActivityEntry.STAGE_CHANGED, "moved from " + (from == null ? "no stage" : from.name())
                    + " to " + target.name(), variables, depth);
            if (from != null) {
                Map<String, Object> exit = new LinkedHashMap<>(variables);
                exit.put("stageName", from.name());
                events.fire(tenant, id, STAGE_EXIT, exit, depth);
            }
            Map<String, Object> enter = new LinkedHashMap<>(variables);
            enter.put("stageName", target.name());
            events.fire(tenant, id, STAGE_ENTER, enter, depth);
            return moved.get();
        }
        throw new LeadflowException(ErrorCode.CONFLICT, "the lead changed stage concurrently; try again");
    }

    /**
     * Adds and removes tags; each tag that actually changed fires {@code tag_added} / {@code tag_removed} with
     * variable {@code tag}. Adding a tag the lead has, or removing one it hasn't, does nothing.
     */
    public Lead updateTags(TenantScope tenant, String id, List<String> add, List<String> remove, int depth) {
        List<String> adding = LeadInput.tags(add, "add");
        List<String> removing = LeadInput.tags(remove, "remove");
        for (String tag : adding) {
            if (removing.contains(tag)) {
                throw new FieldValidationException("remove", "tag '" + tag + "' is both added and removed");
            }
        }
        Lead lead = get(tenant, id);
        List<String> current = lead.tags() == null ? List.of() : lead.tags();
        long after = current.size() + adding.stream().filter(t -> !current.contains(t)).count()
                - removing.stream().filter(current::contains).count();
        if (after > LeadInput.MAX_TAGS) {
            throw new FieldValidationException("add", "a lead can have at most " + LeadInput.MAX_TAGS + " tags");
        }
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (String tag : adding) {
            // One conditional update per tag: only the request that really added it reports it.
            long modified = tenant.data().updateFirst(Query.query(Criteria.where("_id").is(id).and("tags").ne(tag)),
                    new Update().addToSet("tags", tag).set("updatedAt", now()), Lead.class).getModifiedCount();
            if (modified > 0) {
                added.add(tag);
            }
        }
        for (String tag : removing) {
            long modified = tenant.data().updateFirst(Query.query(Criteria.where("_id").is(id).and("tags").is(tag)),
                    new Update().pull("tags", tag).set("updatedAt", now()), Lead.class).getModifiedCount();
            if (modified > 0) {
                removed.add(tag);
            }
        }
        for (String tag : added) {
            log(tenant, id, ActivityEntry.TAG_ADDED, "tag '" + tag + "' added", Map.of("tag", tag), depth);
            events.fire(tenant, id, TAG_ADDED, variables("tag", tag), depth);
        }
        for (String tag : removed) {
            log(tenant, id, ActivityEntry.TAG_REMOVED, "tag '" + tag + "' removed", Map.of("tag", tag), depth);
            events.fire(tenant, id, TAG_REMOVED, variables("tag", tag), depth);
        }
        return added.isEmpty() && removed.isEmpty() ? lead : get(tenant, id);
    }

    public Lead addTag(TenantScope tenant, String id, String tag, int depth) {
        return updateTags(tenant, id, List.of(tag == null ? "" : tag), List.of(), depth);
    }

    public Lead removeTag(TenantScope tenant, String id, String tag, int depth) {
        return updateTags(tenant, id, List.of(), List.of(tag == null ? "" : tag), depth);
    }

    /**
     * Assigns the lead to a user (null or blank unassigns) and fires {@code assigned} with {@code userId} and
     * {@code previousUserId}; unassigning is logged but fires nothing.
     */
    public Lead assign(TenantScope tenant, String id, String userId, int depth) {
        String user = LeadInput.text(userId, "userId", 128);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Lead lead = get(tenant, id);
            if (Objects.equals(lead.assignedTo(), user)) {
                return lead;
            }
            Update update = new Update().set("updatedAt", now());
            if (user == null) {
                update.unset("assignedTo");
            } else {
                update.set("assignedTo", user);
            }
            Optional<Lead> assigned = tenant.data().findAndModify(
                    Query.query(Criteria.where("_id").is(id).and("assignedTo").is(lead.assignedTo())), update, Lead.class);
            if (assigned.isEmpty()) {
                continue;
            }
            Map<String, Object> variables = new LinkedHashMap<>();
            variables.put("userId", user);
            variables.put("previousUserId", lead.assignedTo());
            if (user == null) {
                log(tenant, id, ActivityEntry.UNASSIGNED, "unassigned from " + lead.assignedTo(), variables, depth);
            } else {
                log(tenant, id, ActivityEntry.ASSIGNED, "assigned to " + user, variables, depth);
                events.fire(tenant, id, ASSIGNED, variables, depth);
            }
            return assigned.get();
        }
        throw new LeadflowException(ErrorCode.CONFLICT, "the lead was reassigned concurrently; try again");
    }

    /** Deletes the lead with its notes, activity log and contact claims. */
    public void delete(TenantScope tenant, String id) {
        Lead lead = get(tenant, id);
        tenant.data().delete(Query.query(Criteria.where("_id").is(lead.id())), Lead.class);
        Query ofLead = Query.query(Criteria.where("leadId").is(lead.id()));
        tenant.data().delete(ofLead, Note.class);
        tenant.data().delete(ofLead, ActivityEntry.class);
        ContactClaims.release(tenant, lead.id());
    }

    // ------------------------------------------------------------------ notes and activity

    /** Adds a note to the lead (see {@link LeadJournal}). */
    public Note addNote(TenantScope tenant, String leadId, String body, String author) {
        return LeadJournal.addNote(tenant, get(tenant, leadId), body, author);
    }

    /** The lead's notes, newest first. */
    public List<Note> notes(TenantScope tenant, String leadId) {
        return LeadJournal.notes(tenant, get(tenant, leadId));
    }

    /** The lead's activity log, newest first. */
    public List<ActivityEntry> activities(TenantScope tenant, String leadId, int limit) {
        LeadJournal.checkLimit(limit);
        return LeadJournal.activities(tenant, get(tenant, leadId), limit);
    }

    /**
     * Adds a line to a lead's activity log: for the engine's own entries ({@code whatsapp_sent},
     * {@code email_sent}, {@code sequence_exited}).
     */
    public ActivityEntry recordActivity(TenantScope tenant, String leadId, String type, String summary,
                                        Map<String, Object> data, int depth) {
        return LeadJournal.append(tenant, leadId, type, summary, data, depth);
    }

    ActivityEntry log(TenantScope tenant, String leadId, String type, String summary, Map<String, Object> data,
                      int depth) {
        return LeadJournal.append(tenant, leadId, type, summary, data, depth);
    }

    // ------------------------------------------------------------------ facts for rules

    /** The lead's pipeline (the tenant's default when the lead has none recorded). */
    public Pipeline pipelineOf(TenantScope tenant, Lead lead) {
        if (lead.pipelineId() != null) {
            Optional<Pipeline> pipeline = Pipelines.find(tenant, lead.pipelineId());
            if (pipeline.isPresent()) {
                return pipeline.get();
            }
        }
        return Pipelines.ensureDefault(tenant);
    }

    /** The {@code lead.*} facts of a lead (see {@link LeadFacts}). */
    public Map<String, Object> leadFacts(Lead lead, Pipeline pipeline) {
        return LeadFacts.of(lead, pipeline);
    }

    /** A context with only {@code lead} filled, for conditions and templates about the lead alone. */
    public Map<String, Object> contextOf(Lead lead, Pipeline pipeline) {
        return EvaluationContext.of(LeadFacts.of(lead, pipeline), null, null, null, null);
    }

    /** The current facts of a lead by id, or empty when it no longer exists. */
    public Optional<Map<String, Object>> facts(TenantScope tenant, String leadId) {
        return find(tenant, leadId).map(lead -> LeadFacts.of(lead, pipelineOf(tenant, lead)));
    }

    /** Runs a CRM action of a rule step with already rendered params (see {@link LeadActions}). */
    public Map<String, Object> applyAction(TenantScope tenant, String leadId, String type, Map<String, Object> params,
                                           int depth) {
        return LeadActions.apply(this, tenant, leadId, type, params, depth);
    }

    // ------------------------------------------------------------------ helpers

    static Pipeline.Stage stage(Pipeline pipeline, String stageId, String stageName) {
        if (stageId != null && !stageId.isBlank()) {
            return pipeline.stage(stageId.trim()).orElseThrow(() -> new FieldValidationException("stageId",
                    "no stage '" + stageId + "' in pipeline '" + pipeline.name() + "'"));
        }
        if (stageName != null && !stageName.isBlank()) {
            return pipeline.stageNamed(stageName).orElseThrow(() -> new FieldValidationException("stageName",
                    "no stage named '" + stageName.trim() + "' in pipeline '" + pipeline.name() + "'"));
        }
        throw new FieldValidationException("stageId", "stageId or stageName is required");
    }

    /** Now, at the precision the store keeps, so what we return equals what a later read returns. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Map<String, Object> variables(String key, Object value) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put(key, value);
        return variables;
    }
}
