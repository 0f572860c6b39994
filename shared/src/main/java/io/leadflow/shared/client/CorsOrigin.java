package io.leadflow.shared.client;

import io.leadflow.shared.tenant.TenantOwned;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A browser origin allowed to call the tenant routes, managed through the admin API. */
@Document("cors_origins")
public record CorsOrigin(@Id String id, String clientCode, String origin) implements TenantOwned {
}
