package io.leadflow.shared.client;

import io.leadflow.shared.tenant.TenantOwned;
import java.time.Instant;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A tenant's credentials, in the central database. The API key is stored only as a SHA-256 hash;
 * the webhook signing secret and provider credentials are AES-256-GCM ciphertexts.
 *
 * @param apiKeyHash hex SHA-256 of the current secret key ({@code lf_sk_...}, or a legacy {@code lf_...} key)
 * @param apiKeyPrefix first characters of the secret key, so operators can tell keys apart
 * @param publishableKeyHash hex SHA-256 of the current publishable key ({@code lf_pk_...}); null for tenants
 *     created before there were publishable keys, until one is rotated in
 * @param publishableKeyPrefix first characters of the publishable key
 * @param webhookSecret encrypted Standard Webhooks signing secret ({@code whsec_...})
 * @param providers encrypted JSON credentials by provider name ({@code whatsapp}, {@code smtp}, {@code google})
 */
@Document("client_secrets")
public record ClientSecrets(
        @Id String id,
        String clientCode,
        String apiKeyHash,
        String apiKeyPrefix,
        String publishableKeyHash,
        String publishableKeyPrefix,
        String webhookSecret,
        Map<String, String> providers,
        Instant rotatedAt) implements TenantOwned {
}
