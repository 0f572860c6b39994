package io.leadflow.activities.channel;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.leadflow.activities.email.UnsubscribeHeaders;
import io.leadflow.shared.chat.ChatEvents;
import io.leadflow.shared.client.Client;
import io.leadflow.shared.config.MessagingProperties;
import io.leadflow.shared.lead.LeadService;
import io.leadflow.shared.lead.UnsubscribeTokens;
import io.leadflow.shared.client.ClientDirectory;
import io.leadflow.shared.client.ClientSecrets;
import io.leadflow.devstore.EmbeddedMongo;
import io.leadflow.shared.config.LeadflowProperties;
import io.leadflow.shared.event.EventLogs;
import io.leadflow.shared.security.SecretCipher;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.tenant.Tenants;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.util.unit.DataSize;

/**
 * Real storage for channel tests: an embedded MongoDB-wire server, the tenant cache and the client directory,
 * with helpers to create tenants and their credentials. One per test class.
 */
public final class ChannelFixture implements AutoCloseable {

    public static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String KEY = "ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=";
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final EmbeddedMongo mongo;
    private final MongoClient client;
    private final MongoTemplate central;
    public final Tenants tenants;
    public final ClientDirectory directory;
    public final ChannelLedger ledger;
    /** Where the channels count their attempts, so tests can read the counters. */
    public final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    public final io.leadflow.shared.metrics.LeadflowMetrics metrics = new io.leadflow.shared.metrics.LeadflowMetrics(meters);
    public final ChatEvents chat;
    /** A lead service whose lifecycle events go nowhere (channel tests don't run the engine). */
    public final LeadService leads = new LeadService((tenant, leadId, trigger, variables, depth) -> {
    });
    public final UnsubscribeHeaders unsubscribe;

    public ChannelFixture() {
        mongo = EmbeddedMongo.start(null, "127.0.0.1", 0);
        client = MongoClients.create(mongo.uri());
        central = new MongoTemplate(client, "services");
        SecretCipher cipher = new SecretCipher(KEY);
        tenants = new Tenants(client, central, new LeadflowProperties.Mongo("", "services", "tenant_", ""), cipher);
        directory = new ClientDirectory(central, cipher);
        directory.ensureIndexes();
        tenants.onOpen(scope -> EventLogs.ensureIndexes(scope.central()));
        chat = new ChatEvents(central, Duration.ofHours(24));
        tenants.onOpen(scope -> io.leadflow.shared.conversation.Conversations.ensureIndexes(scope.data()));
        tenants.onOpen(LeadService::ensureIndexes);
        ledger = new ChannelLedger(tenants, directory, chat, leads, metrics);
        unsubscribe = new UnsubscribeHeaders(new UnsubscribeTokens("test-secret"), messaging(""));
    }

    /** A new tenant with a unique code, so tests never share rows. */
    public String newTenant(boolean sandbox) {
        String code = "t" + SEQ.incrementAndGet() + (sandbox ? "sbx" : "live");
        directory.insert(new Client(null, code, "Tenant " + code, Client.ACTIVE, sandbox, "UTC", Instant.now(), null));
        directory.insert(new ClientSecrets(null, code, "hash", "lf_", null, null, new SecretCipher(KEY).encrypt(WEBHOOK_SECRET),
                Map.of(), Instant.now()));
        return code;
    }

    public void credentials(String clientCode, String provider, String json) {
        directory.setProviderCredentials(clientCode, provider, json);
    }

    public TenantScope scope(String clientCode) {
        return tenants.scope(clientCode);
    }

    /** Inbound messaging settings with every default but the public base URL. */
    public static MessagingProperties messaging(String publicBaseUrl) {
        return new org.springframework.boot.context.properties.bind.Binder(
                new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(java.util.Map.of(
                        "leadflow.messaging.public-base-url", publicBaseUrl)))
                .bindOrCreate("leadflow.messaging", MessagingProperties.class);
    }

    /** Leadflow settings with every default, and the given channel settings. */
    public static LeadflowProperties properties(LeadflowProperties.Channels channels) {
        LeadflowProperties defaults = new org.springframework.boot.context.properties.bind.Binder(
                new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(java.util.Map.of(
                        "leadflow.dev-mode", "true", "leadflow.security.encryption-key", KEY,
                        "leadflow.temporal.search-attributes", "false",
                        "leadflow.temporal.register-search-attributes", "false")))
                .bindOrCreate("leadflow", LeadflowProperties.class);
        return new LeadflowProperties(defaults.devMode(), defaults.mongo(), defaults.temporal(), defaults.security(),
                defaults.api(), defaults.engine(), channels);
    }

    public static LeadflowProperties.Channels channels(String whatsappBaseUrl, int messagesPerSecond,
            String googleRootUrl, String googleTokenUrl, boolean allowPrivateTargets) {
        return new LeadflowProperties.Channels(whatsappBaseUrl, "v21.0", messagesPerSecond, googleRootUrl,
                googleTokenUrl, allowPrivateTargets, Duration.ofHours(24));
    }

    @Override
    public void close() {
        tenants.close();
        client.close();
        mongo.close();
    }
}
