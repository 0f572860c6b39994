package io.leadflow.shared.client;

import io.leadflow.shared.tenant.TenantOwned;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An origin (scheme, host and port) a tenant's trigger callbacks may be sent to, managed through the admin API.
 * Stored normalised by {@link Origins#of}, so {@code https://Shop.example.com:443} and {@code https://shop.example.com}
 * are one origin.
 */
@Document("callback_origins")
public record CallbackOrigin(@Id String id, String clientCode, String origin) implements TenantOwned {
}
