package io.leadflow.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tenant every local stack provisions, with the credentials the api shows only once; kept in
 * {@code .data/demo-tenant.json} so a second start can print them again.
 *
 * @param apiKey the secret key ({@code lf_sk_...}; {@code lf_...} for tenants created before there were two kinds):
 *     every tenant route
 * @param publishableKey the publishable key ({@code lf_pk_...}): triggers and business events only; null in files
 *     written before there were two kinds, until the launcher rotates one in
 */
record DemoTenant(String clientCode, String apiKey, String webhookSecret, String publishableKey) {

    DemoTenant(String clientCode, String apiKey, String webhookSecret) {
        this(clientCode, apiKey, webhookSecret, null);
    }

    DemoTenant withPublishableKey(String key) {
        return new DemoTenant(clientCode, apiKey, webhookSecret, key);
    }

    static final String CLIENT_CODE = "demo";
    static final String NAME = "Demo Company";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Optional<DemoTenant> load(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            DemoTenant tenant = JSON.readValue(file.toFile(), DemoTenant.class);
            return tenant.apiKey() == null || tenant.apiKey().isBlank() ? Optional.empty() : Optional.of(tenant);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    void save(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
