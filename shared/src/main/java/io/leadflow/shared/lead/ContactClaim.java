package io.leadflow.shared.lead;

import io.leadflow.shared.tenant.TenantOwned;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * Which lead holds a phone number or an email address in a tenant. The id is the contact itself
 * ({@code <clientCode>|phone|+919876543210}), so the database's unique {@code _id} makes two leads with the same
 * contact impossible, even when two requests race.
 */
@Document("lead_contacts")
public record ContactClaim(@Id String id, String clientCode, String leadId, Instant claimedAt) implements TenantOwned {
}
