package io.leadflow.shared.tenant;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.leadflow.shared.client.ClientDataSource;
import io.leadflow.shared.config.LeadflowProperties;
import io.leadflow.shared.security.SecretCipher;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * The tenant connection cache: resolves each {@code clientCode} to its own database (from the client's
 * data source, else {@code tenant_<clientCode>} on the central server) once, and hands out
 * {@link TenantScope}s. Tenant data is reachable only through a scope.
 */
public final class Tenants implements AutoCloseable {

    private final MongoClient defaultClient;
    private final MongoTemplate central;
    private final LeadflowProperties.Mongo settings;
    private final SecretCipher cipher;
    private final Map<String, TenantScope> scopes = new ConcurrentHashMap<>();
    private final Map<String, MongoClient> extraClients = new ConcurrentHashMap<>();
    private final java.util.List<Consumer<TenantScope>> initializers = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Tenants(MongoClient defaultClient, MongoTemplate central, LeadflowProperties.Mongo settings, SecretCipher cipher) {
        this.defaultClient = defaultClient;
        this.central = central;
        this.settings = settings;
        this.cipher = cipher;
    }

    /** The scope of one tenant. The code must be a known, valid clientCode (auth has checked it). */
    public TenantScope scope(String clientCode) {
        if (clientCode == null || clientCode.isBlank()) {
            throw new IllegalArgumentException("clientCode is required for tenant data");
        }
        return scopes.computeIfAbsent(clientCode, this::open);
    }

    /** The central database with no tenant filter: only for the platform's own tables (clients, secrets). */
    public MongoTemplate platform() {
        return central;
    }

    /** Runs for every tenant scope when it is first opened (index creation, say). */
    public void onOpen(Consumer<TenantScope> initializer) {
        initializers.add(initializer);
    }

    /** Forgets a tenant's cached connection, after its data source changed. */
    public void evict(String clientCode) {
        scopes.remove(clientCode);
    }

    public String databaseName(String clientCode) {
        return settings.tenantDatabasePrefix() + clientCode;
    }

    private TenantScope open(String clientCode) {
        ClientDataSource source = central.findOne(
                Query.query(Criteria.where(ScopedMongo.CLIENT_CODE).is(clientCode)), ClientDataSource.class);
        MongoClient client = defaultClient;
        String database = databaseName(clientCode);
        if (source != null) {
            if (source.uri() != null && !source.uri().isBlank()) {
                String uri = cipher.decrypt(source.uri());
                client = extraClients.computeIfAbsent(uri, MongoClients::create);
            }
            if (source.database() != null && !source.database().isBlank()) {
                database = source.database();
            }
        }
        TenantScope scope = new TenantScope(clientCode,
                new ScopedMongo(clientCode, new MongoTemplate(client, database)),
                new ScopedMongo(clientCode, central));
        initializers.forEach(init -> init.accept(scope));
        return scope;
    }

    @Override
    public void close() {
        extraClients.values().forEach(MongoClient::close);
    }
}
