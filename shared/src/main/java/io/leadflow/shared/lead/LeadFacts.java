package io.leadflow.shared.lead;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * A lead as the {@code lead} part of an evaluation context: plain maps, lists, strings and numbers only (so it
 * travels through Temporal payloads and compares deterministically). The keys of {@code refs} and {@code extra}
 * are flattened in ({@code lead.orderId}) and are also reachable as {@code lead.refs.orderId}; the lead's own
 * fields win over flattened keys of the same name, so an {@code extra.email} can never redirect a message.
 */
public final class LeadFacts {

    private LeadFacts() {
    }

    /** The facts of a lead; {@code pipeline} (may be null) gives the stage its name. */
    public static Map<String, Object> of(Lead lead, Pipeline pipeline) {
        Map<String, Object> facts = new LinkedHashMap<>();
        flatten(facts, lead.refs());
        flatten(facts, lead.extra());
        facts.put("id", lead.id());
        facts.put("firstName", lead.firstName());
        facts.put("lastName", lead.lastName());
        facts.put("name", fullName(lead));
        facts.put("email", lead.email());
        facts.put("phone", lead.phone());
        facts.put("source", lead.source());
        facts.put("score", lead.score());
        facts.put("dealValue", lead.dealValue());
        facts.put("tags", lead.tags() == null ? new ArrayList<>() : new ArrayList<>(lead.tags()));
        facts.put("assignedTo", lead.assignedTo());
        facts.put("pipelineId", lead.pipelineId());
        facts.put("stageId", lead.stageId());
        String stageName = pipeline == null ? null : pipeline.stage(lead.stageId()).map(Pipeline.Stage::name).orElse(null);
        facts.put("stage", stageName);
        facts.put("stageName", stageName);
        facts.put("pipeline", pipeline == null ? null : pipeline.name());
        facts.put("timezone", lead.timezone());
        facts.put("createdAt", lead.createdAt() == null ? null : lead.createdAt().toString());
        facts.put("updatedAt", lead.updatedAt() == null ? null : lead.updatedAt().toString());
        facts.put("refs", plain(lead.refs() == null ? Map.of() : lead.refs()));
        facts.put("extra", plain(lead.extra() == null ? Map.of() : lead.extra()));
        facts.put("optOut", lead.optOut() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(lead.optOut()));
        facts.put("lastInboundAt", lead.lastInboundAt() == null ? null : lead.lastInboundAt().toString());
        facts.put("lastOutboundAt", lead.lastOutboundAt() == null ? null : lead.lastOutboundAt().toString());
        facts.put("lastContactAt", lead.lastContactAt() == null ? null : lead.lastContactAt().toString());
        return facts;
    }

    private static void flatten(Map<String, Object> facts, Map<String, Object> source) {
        if (source != null) {
            source.forEach((key, value) -> facts.put(key, plain(value)));
        }
    }

    private static String fullName(Lead lead) {
        String first = lead.firstName() == null ? "" : lead.firstName().trim();
        String last = lead.lastName() == null ? "" : lead.lastName().trim();
        String name = (first + " " + last).trim();
        return name.isEmpty() ? null : name;
    }

    /** Stored values as plain JSON-like data: BSON types become strings or numbers, maps and lists are copied. */
    static Object plain(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(item -> out.add(plain(item)));
            return out;
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        if (value instanceof ObjectId id) {
            return id.toHexString();
        }
        if (value instanceof Decimal128 decimal) {
            return decimal.bigDecimalValue().doubleValue();
        }
        return value;
    }
}
