package io.leadflow.shared.whatsapp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.security.ApiKeys;
import io.leadflow.shared.security.SecretCipher;
import io.leadflow.shared.tenant.ScopedMongo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform's directory of WhatsApp numbers ({@code whatsapp_numbers}): phone number id to tenant, with the
 * tenant's app secret (encrypted) and a hash of its verify token. Kept in step with the tenants' {@code whatsapp}
 * credentials; read on every webhook delivery, so owners are cached briefly.
 */
public class WhatsAppNumbers {

    /** A number's owner as the webhook needs it: the tenant and its decrypted app secret (null: none of its own). */
    public record Owner(String phoneNumberId, String clientCode, String appSecret) {
    }

    private final MongoTemplate central;
    private final SecretCipher cipher;
    private final Cache<String, Optional<WhatsAppNumber>> cache;
    private final JsonMapper json = JsonMapper.shared();

    public WhatsAppNumbers(MongoTemplate central, SecretCipher cipher, Duration cacheTtl) {
        this.central = central;
        this.cipher = cipher;
        this.cache = Caffeine.newBuilder().expireAfterWrite(cacheTtl.isZero() ? Duration.ofMillis(1) : cacheTtl)
                .maximumSize(100_000).build();
        central.indexOps(WhatsAppNumber.class).createIndex(new Index(ScopedMongo.CLIENT_CODE, Sort.Direction.ASC));
        central.indexOps(WhatsAppNumber.class).createIndex(new Index("verifyTokenHash", Sort.Direction.ASC));
    }

    public Optional<Owner> owner(String phoneNumberId) {
        if (phoneNumberId == null || phoneNumberId.isBlank()) {
            return Optional.empty();
        }
        return cache.get(phoneNumberId, id -> Optional.ofNullable(central.findById(id, WhatsAppNumber.class)))
                .map(n -> new Owner(n.id(), n.clientCode(), n.appSecret() == null ? null : cipher.decrypt(n.appSecret())));
    }

    /** The phone number ids a tenant owns. */
    public List<String> numbersOf(String clientCode) {
        return central.find(Query.query(Criteria.where(ScopedMongo.CLIENT_CODE).is(clientCode)), WhatsAppNumber.class)
                .stream().map(WhatsAppNumber::id).toList();
    }

    /** Whether some tenant registered this verify token (Meta's subscription handshake). */
    public boolean verifyTokenKnown(String token) {
        return token != null && !token.isBlank()
                && central.exists(Query.query(Criteria.where("verifyTokenHash").is(ApiKeys.hash(token))), WhatsAppNumber.class);
    }

    /**
     * Registers the number of a tenant's {@code whatsapp} credentials (replacing the tenant's previous number), or
     * removes the tenant's numbers when {@code credentialsJson} is null.
     *
     * @throws LeadflowException {@code CONFLICT} when another tenant owns the number
     */
    public void sync(String clientCode, String credentialsJson) {
        if (credentialsJson == null) {
            central.remove(Query.query(Criteria.where(ScopedMongo.CLIENT_CODE).is(clientCode)), WhatsAppNumber.class);
            cache.invalidateAll();
            return;
        }
        JsonNode credentials = json.readTree(credentialsJson);
        String phoneNumberId = text(credentials, "phoneNumberId");
        if (phoneNumberId == null) {
            return; // incomplete credentials fail at send time (PROVIDER_NOT_CONFIGURED); nothing to route
        }
        WhatsAppNumber existing = central.findById(phoneNumberId, WhatsAppNumber.class);
        if (existing != null && !existing.clientCode().equals(clientCode)) {
            throw new LeadflowException(ErrorCode.CONFLICT, "phone number id " + phoneNumberId
                    + " belongs to another tenant");
        }
        String appSecret = text(credentials, "appSecret");
        String verifyToken = text(credentials, "verifyToken");
        central.remove(Query.query(Criteria.where(ScopedMongo.CLIENT_CODE).is(clientCode).and("_id").ne(phoneNumberId)),
                WhatsAppNumber.class);
        central.save(new WhatsAppNumber(phoneNumberId, clientCode, text(credentials, "wabaId"),
                appSecret == null ? null : cipher.encrypt(appSecret),
                verifyToken == null ? null : ApiKeys.hash(verifyToken), Instant.now()));
        cache.invalidateAll();
    }

    /** Registers every tenant's number from its stored credentials (numbers set before the directory existed). */
    public void backfill(Map<String, String> credentialsByTenant) {
        credentialsByTenant.forEach((clientCode, credentials) -> {
            try {
                sync(clientCode, credentials);
            } catch (LeadflowException conflict) {
                org.slf4j.LoggerFactory.getLogger(WhatsAppNumbers.class).warn("not routing {}'s number: {}", clientCode,
                        conflict.getMessage());
            }
        });
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() && !value.stringValue().isBlank() ? value.stringValue().trim() : null;
    }
}
