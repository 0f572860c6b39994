package io.leadflow.shared.lead;

import io.leadflow.shared.tenant.TenantOwned;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A free-text note on a lead, written by a person (or an integration) through the API. */
@Document("notes")
public record Note(
        @Id String id,
        String clientCode,
        String leadId,
        String body,
        String author,
        Instant createdAt) implements TenantOwned {
}
