package io.leadflow.shared.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.leadflow.shared.security.ApiKeys;
import io.leadflow.shared.security.SecretCipher;
import io.leadflow.shared.tenant.ScopedMongo;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The platform's own tables in the central database: clients, their secrets, data sources and CORS origins.
 * Every lookup is by {@code clientCode}; decrypted credentials never leave this class except to the caller
 * that asked for them.
 */
public class ClientDirectory {

    private final MongoTemplate central;
    private final SecretCipher cipher;
    /** Tenants and their secrets as read recently: every request and every step reads them. */
    private final Cache<String, Optional<Client>> clientCache;
    private final Cache<String, Optional<ClientSecrets>> secretsCache;

    /** A directory that reads the database every time. */
    public ClientDirectory(MongoTemplate central, SecretCipher cipher) {
        this(central, cipher, Duration.ZERO);
    }

    /**
     * @param cacheTtl how long a tenant and its secrets are served from memory. Changes through this directory (status,
     *     key rotation) apply at once in this process; another process sees them within the TTL.
     */
    public ClientDirectory(MongoTemplate central, SecretCipher cipher, Duration cacheTtl) {
        this.central = central;
        this.cipher = cipher;
        this.clientCache = cache(cacheTtl);
        this.secretsCache = cache(cacheTtl);
    }

    /** A bounded expiring cache, or null (read every time) for a zero TTL. */
    private static <V> Cache<String, V> cache(Duration ttl) {
        return ttl.isZero() ? null : Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
    }

    private static <V> V cached(Cache<String, V> cache, String key, java.util.function.Function<String, V> load) {
        return cache == null ? load.apply(key) : cache.get(key, load);
    }

    private static void forget(Cache<String, ?> cache, String key) {
        if (cache != null) {
            cache.invalidate(key);
        }
    }

    public void ensureIndexes() {
        central.indexOps(Client.class).createIndex(new Index("clientCode", Sort.Direction.ASC).unique());
        central.indexOps(ClientSecrets.class).createIndex(new Index("clientCode", Sort.Direction.ASC).unique());
        central.indexOps(ClientDataSource.class).createIndex(new Index("clientCode", Sort.Direction.ASC).unique());
        central.indexOps(CorsOrigin.class).createIndex(
                new Index().on("clientCode", Sort.Direction.ASC).on("origin", Sort.Direction.ASC).unique());
        central.indexOps(CallbackOrigin.class).createIndex(
                new Index().on("clientCode", Sort.Direction.ASC).on("origin", Sort.Direction.ASC).unique());
    }

    public Optional<Client> client(String clientCode) {
        return cached(clientCache, clientCode, code -> Optional.ofNullable(central.findOne(byCode(code), Client.class)));
    }

    public List<Client> clients() {
        return central.find(new Query().with(Sort.by("clientCode")), Client.class);
    }

    public Optional<ClientSecrets> secrets(String clientCode) {
        return cached(secretsCache, clientCode,
                code -> Optional.ofNullable(central.findOne(byCode(code), ClientSecrets.class)));
    }

    /**
     * Which of the tenant's current keys this is, if the tenant is active; empty for any other key. Both stored
     * hashes are compared, each in constant time, whatever the key looks like.
     */
    public Optional<ApiKeys.Kind> authenticate(String clientCode, String apiKey) {
        Optional<ClientSecrets> secrets = secrets(clientCode);
        boolean secret = ApiKeys.matches(apiKey, secrets.map(ClientSecrets::apiKeyHash).orElse(null));
        boolean publishable = ApiKeys.matches(apiKey, secrets.map(ClientSecrets::publishableKeyHash).orElse(null));
        if (!(secret || publishable) || !client(clientCode).map(c -> Client.ACTIVE.equals(c.status())).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of(secret ? ApiKeys.Kind.SECRET : ApiKeys.Kind.PUBLISHABLE);
    }

    /** Whether the tenant exists and is active (not suspended). */
    public boolean isActive(String clientCode) {
        return client(clientCode).map(c -> Client.ACTIVE.equals(c.status())).orElse(false);
    }

    public Client insert(Client client) {
        Client inserted = central.insert(client);
        forget(clientCache, client.clientCode());
        return inserted;
    }

    public ClientSecrets insert(ClientSecrets secrets) {
        ClientSecrets inserted = central.insert(secrets);
        forget(secretsCache, secrets.clientCode());
        return inserted;
    }

    public void insert(ClientDataSource dataSource) {
        central.insert(dataSource);
    }

    public void updateClient(String clientCode, Update update) {
        central.updateFirst(byCode(clientCode), update, Client.class);
        forget(clientCache, clientCode);
    }

    public void updateSecrets(String clientCode, Update update) {
        central.updateFirst(byCode(clientCode), update, ClientSecrets.class);
        forget(secretsCache, clientCode);
    }

    /** The decrypted webhook signing secret. */
    public Optional<String> webhookSecret(String clientCode) {
        return secrets(clientCode).map(ClientSecrets::webhookSecret).map(cipher::decrypt);
    }

    /** The decrypted JSON credentials of one provider ({@code whatsapp}, {@code smtp}, {@code google}). */
    public Optional<String> providerCredentials(String clientCode, String provider) {
        return secrets(clientCode)
                .map(ClientSecrets::providers)
                .map(providers -> providers.get(provider))
                .map(cipher::decrypt);
    }

    /** Which providers have credentials (names only, never values). */
    public List<String> configuredProviders(String clientCode) {
        return secrets(clientCode)
                .map(s -> s.providers() == null ? List.<String>of() : s.providers().keySet().stream().sorted().toList())
                .orElse(List.of());
    }

    public void setProviderCredentials(String clientCode, String provider, String json) {
        Map<String, String> providers = new HashMap<>(secrets(clientCode)
                .map(ClientSecrets::providers).orElse(Map.of()));
        if (json == null) {
            providers.remove(provider);
        } else {
            providers.put(provider, cipher.encrypt(json));
        }
        updateSecrets(clientCode, new Update().set("providers", providers));
    }

    public List<String> corsOrigins(String clientCode) {
        return central.find(byCode(clientCode), CorsOrigin.class).stream().map(CorsOrigin::origin).sorted().toList();
    }

    public List<String> allCorsOrigins() {
        return central.findAll(CorsOrigin.class).stream().map(CorsOrigin::origin).distinct().toList();
    }

    public void replaceCorsOrigins(String clientCode, List<String> origins) {
        central.remove(byCode(clientCode), CorsOrigin.class);
        origins.stream().distinct().forEach(origin -> central.insert(new CorsOrigin(null, clientCode, origin)));
    }

    /** The tenant's allowed callback origins, normalised (see {@link Origins}). */
    public List<String> callbackOrigins(String clientCode) {
        return central.find(byCode(clientCode), CallbackOrigin.class).stream().map(CallbackOrigin::origin).sorted().toList();
    }

    /** Replaces the tenant's callback origins; each must be an http(s) origin (see {@link Origins#of}). */
    public void replaceCallbackOrigins(String clientCode, List<String> origins) {
        List<String> normalised = origins.stream()
                .map(origin -> Origins.of(origin).orElseThrow(() -> new IllegalArgumentException("not an origin: " + origin)))
                .distinct().toList();
        central.remove(byCode(clientCode), CallbackOrigin.class);
        normalised.forEach(origin -> central.insert(new CallbackOrigin(null, clientCode, origin)));
    }

    /** Whether a URL's origin is one of the tenant's allowed callback origins. */
    public boolean callbackAllowed(String clientCode, String url) {
        Optional<String> origin = Origins.of(url);
        return origin.isPresent() && central.exists(
                Query.query(Criteria.where(ScopedMongo.CLIENT_CODE).is(clientCode).and("origin").is(origin.get())),
                CallbackOrigin.class);
    }

    private static Query byCode(String clientCode) {
        return Query.query(Criteria.where(ScopedMongo.CLIENT_CODE).is(clientCode));
    }
}
