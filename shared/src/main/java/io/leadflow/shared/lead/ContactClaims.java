package io.leadflow.shared.lead;

import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.tenant.TenantScope;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Which lead holds each phone and e-mail address of a tenant ({@link ContactClaim}): claims are written before the
 * lead, so two requests racing for one contact end with one lead. Also the quick way from a contact to its lead: the
 * claim's ID is the contact itself.
 */
final class ContactClaims {

    private static final int ATTEMPTS = 3;
    /** How long a contact claim whose lead cannot be found is respected before another lead may take it over. */
    private static final Duration CLAIM_GRACE = Duration.ofSeconds(30);

    private ContactClaims() {
    }

    /** The lead holding a normalised phone or e-mail, by the claim's ID (one key lookup, no scan). */
    static Optional<String> holder(TenantScope tenant, String kind, String contact) {
        return tenant.data().findById(key(tenant, kind, contact), ContactClaim.class).map(ContactClaim::leadId);
    }

    /**
     * Claims the phone and email for a lead; answers the id of another lead that already holds one (after
     * undoing this call's claims). A claim whose lead no longer exists is taken over.
     */
    static Optional<String> claim(TenantScope tenant, String leadId, String phone, String email) {
        List<String> made = new ArrayList<>();
        for (String key : keys(tenant, phone, email)) {
            Optional<String> holder = claimOne(tenant, key, leadId);
            if (holder.isPresent()) {
                made.forEach(k -> tenant.data().delete(Query.query(Criteria.where("_id").is(k).and("leadId").is(leadId)),
                        ContactClaim.class));
                return holder;
            }
            made.add(key);
        }
        return Optional.empty();
    }

    static void release(TenantScope tenant, String leadId) {
        tenant.data().delete(Query.query(Criteria.where("leadId").is(leadId)), ContactClaim.class);
    }

    static void releaseExcept(TenantScope tenant, String leadId, String phone, String email) {
        List<String> keep = keys(tenant, phone, email);
        tenant.data().delete(Query.query(Criteria.where("leadId").is(leadId).and("_id").nin(keep)), ContactClaim.class);
    }

    private static Optional<String> claimOne(TenantScope tenant, String key, String leadId) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                tenant.data().insert(new ContactClaim(key, tenant.clientCode(), leadId, now()));
                return Optional.empty();
            } catch (DuplicateKeyException taken) {
                Optional<ContactClaim> claim = tenant.data().findById(key, ContactClaim.class);
                if (claim.isEmpty()) {
                    continue;
                }
                String holder = claim.get().leadId();
                if (leadId.equals(holder)) {
                    return Optional.empty();
                }
                if (awaitLead(tenant, holder)) {
                    return Optional.of(holder);
                }
                Instant claimedAt = claim.get().claimedAt();
                if (claimedAt != null && claimedAt.isAfter(Instant.now().minus(CLAIM_GRACE))) {
                    break;
                }
                // The holder is gone (deleted, or its insert failed after claiming): take the contact over.
                long took = tenant.data().updateFirst(Query.query(Criteria.where("_id").is(key).and("leadId").is(holder)),
                        new Update().set("leadId", leadId).set("claimedAt", now()), ContactClaim.class)
                        .getModifiedCount();
                if (took > 0) {
                    return Optional.empty();
                }
            }
        }
        throw new LeadflowException(ErrorCode.CONFLICT, "the phone or email is being claimed by another request; try again");
    }

    /**
     * Whether the lead exists, giving a request that has just claimed a contact a moment to insert its lead
     * (claims are written first, so a racing request may see the claim before the lead).
     */
    private static boolean awaitLead(TenantScope tenant, String leadId) {
        for (int attempt = 0; attempt < 25; attempt++) {
            if (tenant.data().findById(leadId, Lead.class).isPresent()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static List<String> keys(TenantScope tenant, String phone, String email) {
        List<String> keys = new ArrayList<>();
        if (phone != null) {
            keys.add(key(tenant, "phone", phone));
        }
        if (email != null) {
            keys.add(key(tenant, "email", email));
        }
        return keys;
    }

    private static String key(TenantScope tenant, String kind, String contact) {
        return tenant.clientCode() + "|" + kind + "|" + contact;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
