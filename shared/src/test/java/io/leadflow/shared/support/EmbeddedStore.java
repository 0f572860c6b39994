package io.leadflow.shared.support;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.leadflow.shared.config.LeadflowProperties;
import io.leadflow.shared.security.SecretCipher;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.tenant.Tenants;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The real embedded store (an in-memory MongoDB-wire server on loopback) wired the way the apps wire it, for
 * tests of data access without Spring. One server per test JVM; every test takes fresh tenants.
 */
public final class EmbeddedStore {

    private static final AtomicInteger TENANTS = new AtomicInteger();
    private static EmbeddedStore shared;

    private final Tenants tenants;

    private EmbeddedStore() {
        InMemoryMongo mongo = InMemoryMongo.start();
        MongoClient client = MongoClients.create(mongo.uri());
        this.tenants = new Tenants(client, new MongoTemplate(client, "services"),
                new LeadflowProperties.Mongo("", "services", "tenant_", ""),
                new SecretCipher("ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM="));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            client.close();
            mongo.close();
        }));
    }

    public static synchronized EmbeddedStore get() {
        if (shared == null) {
            shared = new EmbeddedStore();
        }
        return shared;
    }

    public Tenants tenants() {
        return tenants;
    }

    /** A tenant nobody has used yet. */
    public TenantScope newTenant(String prefix) {
        return tenants.scope(prefix + "-" + TENANTS.incrementAndGet());
    }
}
