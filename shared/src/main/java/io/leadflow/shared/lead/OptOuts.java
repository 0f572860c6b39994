package io.leadflow.shared.lead;

import io.leadflow.shared.conversation.Channels;
import io.leadflow.shared.error.FieldValidationException;
import io.leadflow.shared.tenant.TenantScope;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * A lead's per-channel opt-outs ({@code optOut: {whatsapp: true}}): set through the API, by an inbound STOP or
 * START, or by an e-mail unsubscribe. Each change is one conditional update, so a repeat (a retried activity, a
 * second STOP) changes, logs and fires nothing.
 */
final class OptOuts {

    /** The channels a lead can opt out of. */
    static final List<String> CHANNELS = List.of(Channels.WHATSAPP, Channels.EMAIL);

    /** How the service writes a line on the lead's activity log. */
    interface Log {
        void write(TenantScope tenant, String leadId, String type, String summary, Map<String, Object> data, int depth);
    }

    private OptOuts() {
    }

    /** The {@code optOut} object of a PATCH: channel to true (opted out) or false (opted back in). */
    static Map<String, Boolean> parse(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new FieldValidationException("optOut", "must be an object like {\"whatsapp\": true}");
        }
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String channel = String.valueOf(entry.getKey());
            if (!CHANNELS.contains(channel)) {
                throw new FieldValidationException("optOut." + channel, "unknown channel (one of " + CHANNELS + ")");
            }
            if (!(entry.getValue() instanceof Boolean flag)) {
                throw new FieldValidationException("optOut." + channel, "must be true or false");
            }
            out.put(channel, flag);
        }
        return out;
    }

    static Lead set(TenantScope tenant, Lead lead, String channel, boolean optedOut, String source, int depth, Log log,
                    LeadEvents events) {
        if (!CHANNELS.contains(channel)) {
            throw new FieldValidationException("optOut." + channel, "unknown channel (one of " + CHANNELS + ")");
        }
        String field = "optOut." + channel;
        Criteria unchanged = optedOut ? Criteria.where(field).ne(true) : Criteria.where(field).is(true);
        Optional<Lead> changed = tenant.data().findAndModify(
                Query.query(Criteria.where("_id").is(lead.id())).addCriteria(unchanged),
                new Update().set(field, optedOut).set("updatedAt", Instant.now().truncatedTo(ChronoUnit.MILLIS)),
                Lead.class);
        if (changed.isEmpty()) {
            return tenant.data().findById(lead.id(), Lead.class).orElse(lead);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("channel", channel);
        data.put("source", source);
        String trigger = optedOut ? LeadService.OPTED_OUT : LeadService.OPTED_IN;
        log.write(tenant, lead.id(), trigger, (optedOut ? "opted out of " : "opted back in to ") + channel
                + " (" + source + ")", data, depth);
        events.fire(tenant, lead.id(), trigger, new LinkedHashMap<>(data), depth);
        return changed.get();
    }
}
