package io.leadflow.api.client;

import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.client.Client;
import io.leadflow.shared.client.ClientDataSource;
import io.leadflow.shared.client.ClientDirectory;
import io.leadflow.shared.client.ClientSecrets;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.lead.Pipelines;
import io.leadflow.shared.security.ApiKeys;
import io.leadflow.shared.schedule.TenantSchedules;
import io.leadflow.shared.security.SecretCipher;
import io.leadflow.shared.tenant.Tenants;
import io.leadflow.shared.whatsapp.WhatsAppNumbers;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/** Creates tenants and manages their credentials. Keys and secrets are returned once and stored hashed or encrypted. */
@Service
class ClientProvisioning {

    static final Set<String> PROVIDERS = Set.of("whatsapp", "smtp", "google");

    private final ClientDirectory clients;
    private final Tenants tenants;
    private final SecretCipher cipher;
    private final JsonMapper json;
    private final WhatsAppNumbers numbers;
    private final TenantSchedules schedules;

    ClientProvisioning(ClientDirectory clients, Tenants tenants, SecretCipher cipher, JsonMapper json,
                       WhatsAppNumbers numbers, TenantSchedules schedules) {
        this.clients = clients;
        this.tenants = tenants;
        this.cipher = cipher;
        this.json = json;
        this.numbers = numbers;
        this.schedules = schedules;
    }

    /**
     * What a new tenant gets, once.
     *
     * @param secretKey may call every tenant route; keep it on servers
     * @param publishableKey may only fire triggers and business events; safe in a browser
     * @param apiKey the secret key again, under the name it had before there were two kinds of key
     */
    record Credentials(String clientCode, String name, String secretKey, String publishableKey, String apiKey,
                       String webhookSecret, boolean sandbox) {
    }

    /** A tenant as admins see it: never any secret value. */
    record ClientView(String clientCode, String name, String status, boolean sandbox, String timezone,
                      String apiKeyPrefix, String publishableKeyPrefix, List<String> configuredProviders,
                      List<String> corsOrigins, List<String> callbackOrigins, Instant createdAt,
                      Integer whatsappMessagesPerSecond, List<String> whatsappNumbers) {
    }

    Credentials create(CreateClientRequest request) {
        String timezone = zone(request.timezone());
        if (clients.client(request.clientCode()).isPresent()) {
            throw new LeadflowException(ErrorCode.CLIENT_EXISTS, "client '" + request.clientCode() + "' already exists");
        }
        String secretKey = ApiKeys.Kind.SECRET.newKey();
        String publishableKey = ApiKeys.Kind.PUBLISHABLE.newKey();
        String webhookSecret = ApiKeys.newWebhookSecret();
        Instant now = Instant.now();
        boolean sandbox = Boolean.TRUE.equals(request.sandbox());
        try {
            clients.insert(new Client(null, request.clientCode(), request.name(), Client.ACTIVE, sandbox, timezone, now,
                    request.whatsappMessagesPerSecond()));
        } catch (DuplicateKeyException raced) {
            throw new LeadflowException(ErrorCode.CLIENT_EXISTS, "client '" + request.clientCode() + "' already exists");
        }
        clients.insert(new ClientSecrets(null, request.clientCode(), ApiKeys.hash(secretKey), ApiKeys.prefix(secretKey),
                ApiKeys.hash(publishableKey), ApiKeys.prefix(publishableKey), cipher.encrypt(webhookSecret), Map.of(),
                now));
        if (request.dataSource() != null) {
            String uri = request.dataSource().uri();
            clients.insert(new ClientDataSource(null, request.clientCode(),
                    uri == null || uri.isBlank() ? null : cipher.encrypt(uri), request.dataSource().database()));
        }
        Pipelines.ensureDefault(tenants.scope(request.clientCode()));
        if (schedules.enabled()) {
            // Best effort: a schedule Temporal could not take now is created by the worker at its next start.
            schedules.ensure(request.clientCode(), timezone);
        }
        return new Credentials(request.clientCode(), request.name(), secretKey, publishableKey, secretKey, webhookSecret,
                sandbox);
    }

    List<ClientView> list() {
        return clients.clients().stream().map(c -> view(c.clientCode())).toList();
    }

    ClientView view(String clientCode) {
        Client client = require(clientCode);
        var secrets = clients.secrets(clientCode);
        return new ClientView(client.clientCode(), client.name(), client.status(), client.sandbox(), client.timezone(),
                secrets.map(ClientSecrets::apiKeyPrefix).orElse(null),
                secrets.map(ClientSecrets::publishableKeyPrefix).orElse(null), clients.configuredProviders(clientCode),
                clients.corsOrigins(clientCode), clients.callbackOrigins(clientCode), client.createdAt(),
                client.whatsappMessagesPerSecond(), numbers.numbersOf(clientCode));
    }

    ClientView update(String clientCode, UpdateClientRequest request) {
        require(clientCode);
        Update update = new Update();
        if (request.name() != null) {
            update.set("name", request.name());
        }
        if (request.sandbox() != null) {
            update.set("sandbox", request.sandbox());
        }
        if (request.timezone() != null) {
            String zone = zone(request.timezone());
            if (zone == null) {
                update.unset("timezone");
            } else {
                update.set("timezone", zone);
            }
        }
        if (request.status() != null) {
            update.set("status", request.status());
        }
        if (request.whatsappMessagesPerSecond() != null) {
            update.set("whatsappMessagesPerSecond", request.whatsappMessagesPerSecond());
        }
        if (!update.getUpdateObject().isEmpty()) {
            clients.updateClient(clientCode, update);
        }
        return view(clientCode);
    }

    /** A new secret key; the previous one stops working at once. */
    String rotateSecretKey(String clientCode) {
        require(clientCode);
        String key = ApiKeys.Kind.SECRET.newKey();
        clients.updateSecrets(clientCode, new Update().set("apiKeyHash", ApiKeys.hash(key))
                .set("apiKeyPrefix", ApiKeys.prefix(key)).set("rotatedAt", Instant.now()));
        return key;
    }

    /** A new publishable key (the first one, for tenants created before there were two kinds). */
    String rotatePublishableKey(String clientCode) {
        require(clientCode);
        String key = ApiKeys.Kind.PUBLISHABLE.newKey();
        clients.updateSecrets(clientCode, new Update().set("publishableKeyHash", ApiKeys.hash(key))
                .set("publishableKeyPrefix", ApiKeys.prefix(key)).set("rotatedAt", Instant.now()));
        return key;
    }

    String rotateWebhookSecret(String clientCode) {
        require(clientCode);
        String secret = ApiKeys.newWebhookSecret();
        clients.updateSecrets(clientCode, new Update().set("webhookSecret", cipher.encrypt(secret)));
        return secret;
    }

    ClientView putProviderSecret(String clientCode, String provider, Map<String, Object> credentials) {
        require(clientCode);
        if (!PROVIDERS.contains(provider)) {
            throw LeadflowException.invalid("provider", "must be one of " + PROVIDERS.stream().sorted().toList());
        }
        if (credentials != null && credentials.isEmpty()) {
            throw LeadflowException.invalid("credentials", "must not be empty");
        }
        String serialized = credentials == null ? null : json.writeValueAsString(credentials);
        if ("whatsapp".equals(provider)) {
            // The platform webhook finds the tenant of a delivery by its phone number id (409 if another tenant has it).
            numbers.sync(clientCode, serialized);
        }
        clients.setProviderCredentials(clientCode, provider, serialized);
        return view(clientCode);
    }

    ClientView replaceCorsOrigins(String clientCode, List<String> origins) {
        require(clientCode);
        clients.replaceCorsOrigins(clientCode, origins);
        return view(clientCode);
    }

    ClientView replaceCallbackOrigins(String clientCode, List<String> origins) {
        require(clientCode);
        clients.replaceCallbackOrigins(clientCode, origins);
        return view(clientCode);
    }

    private Client require(String clientCode) {
        return clients.client(clientCode)
                .orElseThrow(() -> LeadflowException.notFound(ErrorCode.CLIENT_NOT_FOUND, "client", clientCode));
    }

    /** An IANA zone, or null: a tenant without a zone of its own follows {@code leadflow.engine.default-timezone}. */
    private static String zone(String timezone) {
        if (timezone == null || timezone.isBlank()) {
            return null;
        }
        try {
            return ZoneId.of(timezone).getId();
        } catch (DateTimeException e) {
            throw LeadflowException.invalid("timezone", "must be an IANA time zone like Asia/Kolkata");
        }
    }
}
