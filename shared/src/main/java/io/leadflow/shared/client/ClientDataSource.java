package io.leadflow.shared.client;

import io.leadflow.shared.tenant.TenantOwned;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * Where a tenant's own database lives. Without one, the tenant gets {@code tenant_<clientCode>} on the
 * central server.
 *
 * @param uri encrypted MongoDB connection string, or null for the central server
 * @param database database name on that server
 */
@Document("client_data_sources")
public record ClientDataSource(@Id String id, String clientCode, String uri, String database) implements TenantOwned {
}
