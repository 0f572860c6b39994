package io.leadflow.shared.whatsapp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The platform's store of raw WhatsApp deliveries ({@code whatsapp_webhooks}): platform plumbing like the number
 * directory, because one delivery can concern several tenants (or none yet). Tenants only ever see the messages their
 * processing workflow took from it.
 */
public class InboundWebhooks {

    private final MongoTemplate central;

    public InboundWebhooks(MongoTemplate central, Duration retention) {
        this.central = central;
        central.indexOps(InboundWebhook.class).createIndex(new Index("bodyHash", Sort.Direction.ASC).unique());
        central.indexOps(InboundWebhook.class).createIndex(new Index().on("status", Sort.Direction.ASC)
                .on("receivedAt", Sort.Direction.ASC));
        try {
            central.indexOps(InboundWebhook.class).createIndex(new Index("receivedAt", Sort.Direction.ASC)
                    .named("receivedAt_ttl").expire(retention));
        } catch (RuntimeException unsupported) {
            LoggerFactory.getLogger(InboundWebhooks.class).warn("stored webhooks will not expire by themselves ({})",
                    unsupported.toString());
        }
    }

    /** The stored delivery, and whether the very same body had been stored before (Meta retried it). */
    public record Stored(InboundWebhook webhook, boolean duplicate) {
    }

    /** Stores a delivery before anything else happens to it; the same body twice is stored once. */
    public Stored store(byte[] body, String signature, boolean verified, List<String> phoneNumberIds,
                        List<InboundWebhook.Route> routes, List<String> unknownNumbers, String note) {
        String status = routes.isEmpty() ? InboundWebhook.UNROUTED : InboundWebhook.RECEIVED;
        String hash = sha256(body);
        Instant now = Instant.now();
        try {
            return new Stored(central.insert(new InboundWebhook(null, hash, new String(body, StandardCharsets.UTF_8),
                    signature, verified, phoneNumberIds, routes, unknownNumbers, status, note, now, now)), false);
        } catch (DuplicateKeyException repeat) {
            InboundWebhook existing = central.findOne(Query.query(Criteria.where("bodyHash").is(hash)), InboundWebhook.class);
            if (existing == null) {
                throw repeat;
            }
            return new Stored(existing, true);
        }
    }

    public Optional<InboundWebhook> find(String id) {
        return Optional.ofNullable(central.findById(id, InboundWebhook.class));
    }

    /** Records that a tenant's processing workflow was started; the delivery is dispatched once all are. */
    public void started(String id, String clientCode, String workflowId) {
        central.updateFirst(Query.query(Criteria.where("_id").is(id).and("routes.clientCode").is(clientCode)),
                new Update().set("routes.$.workflowId", workflowId).set("updatedAt", Instant.now()), InboundWebhook.class);
        InboundWebhook webhook = central.findById(id, InboundWebhook.class);
        if (webhook != null && webhook.routes().stream().allMatch(route -> route.workflowId() != null)) {
            central.updateFirst(Query.query(Criteria.where("_id").is(id)),
                    new Update().set("status", InboundWebhook.DISPATCHED).set("updatedAt", Instant.now()),
                    InboundWebhook.class);
        }
    }

    /** Deliveries waiting to be dispatched since before {@code before} (Temporal was down when they came). */
    public List<InboundWebhook> stuck(Instant before, int limit) {
        return central.find(Query.query(Criteria.where("status").is(InboundWebhook.RECEIVED).and("receivedAt").lt(before))
                .with(Sort.by("receivedAt")).limit(limit), InboundWebhook.class);
    }

    /** Deliveries with numbers no tenant owned when they came (wholly or in part), newest first. */
    public List<InboundWebhook> unrouted(int limit) {
        return central.find(Query.query(Criteria.where("unknownNumbers.0").exists(true))
                .with(Sort.by(Sort.Direction.DESC, "receivedAt")).limit(limit), InboundWebhook.class);
    }

    /**
     * Part of a delivery found its owners later (an operator registered the numbers and routed it): the new routes are
     * added, the numbers leave the unknown list, and the delivery waits to be dispatched again.
     */
    public void routed(String id, List<InboundWebhook.Route> added, List<String> stillUnknown) {
        InboundWebhook webhook = central.findById(id, InboundWebhook.class);
        if (webhook == null) {
            return;
        }
        List<InboundWebhook.Route> routes = new java.util.ArrayList<>(webhook.routes());
        routes.addAll(added);
        central.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update().set("routes", routes)
                .set("unknownNumbers", stillUnknown).set("verified", true).set("status", InboundWebhook.RECEIVED)
                .set("updatedAt", Instant.now()), InboundWebhook.class);
    }

    static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
