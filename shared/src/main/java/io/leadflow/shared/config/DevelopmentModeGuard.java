package io.leadflow.shared.config;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * What only development mode ({@code leadflow.dev-mode=true}, env {@code LEADFLOW_DEV_MODE}) allows, refused in api
 * and worker before any bean is created, so nothing starts, connects or listens:
 *
 * <ul>
 *   <li>the public development secrets (the defaults of {@code leadflow.security.jwt-secret} and
 *       {@code leadflow.security.encryption-key}, which are in this repository);</li>
 *   <li>running without {@code MONGODB_URI}: a production process that silently started a store of its own would
 *       accept events into memory and lose them. In development mode the embedded store (module {@code dev-store}, on
 *       the class path of the local stack's launcher and of the tests) stands in; a production jar has none, so there
 *       the URI is required even in development mode.</li>
 * </ul>
 */
public final class DevelopmentModeGuard implements BeanFactoryPostProcessor, EnvironmentAware {

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        Binder binder = Binder.get(environment);
        boolean devMode = binder.bind("leadflow.dev-mode", Boolean.class).orElse(false);
        String jwtSecret = binder.bind("leadflow.security.jwt-secret", String.class)
                .orElse(LeadflowProperties.Security.DEV_JWT_SECRET);
        String encryptionKey = binder.bind("leadflow.security.encryption-key", String.class)
                .orElse(LeadflowProperties.Security.DEV_ENCRYPTION_KEY);
        checkSecrets(devMode, jwtSecret, encryptionKey);
        checkStore(devMode, binder.bind("leadflow.mongo.uri", String.class).orElse(""),
                beanFactory.getBeanNamesForType(DevelopmentStore.class, true, false).length > 0);
    }

    /** Throws when a development secret is used outside development mode; warns about it inside. */
    static void checkSecrets(boolean devMode, String jwtSecret, String encryptionKey) {
        List<String> defaults = new ArrayList<>();
        if (LeadflowProperties.Security.DEV_JWT_SECRET.equals(jwtSecret)) {
            defaults.add("CORE_JWT_SECRET (leadflow.security.jwt-secret)");
        }
        if (LeadflowProperties.Security.DEV_ENCRYPTION_KEY.equals(encryptionKey)) {
            defaults.add("SECRETS_ENCRYPTION_KEY (leadflow.security.encryption-key)");
        }
        if (defaults.isEmpty()) {
            return;
        }
        if (!devMode) {
            throw new IllegalStateException("Refusing to start: " + String.join(" and ", defaults)
                    + (defaults.size() > 1 ? " are the public development defaults" : " is the public development default")
                    + ", which anybody can read in the Leadflow repository. Set your"
                    + " own secret (openssl rand -base64 48 / openssl rand -base64 32), or, on a developer machine only,"
                    + " switch development mode on with LEADFLOW_DEV_MODE=true (leadflow.dev-mode=true).");
        }
        LoggerFactory.getLogger(DevelopmentModeGuard.class).warn("Development mode: {} is the public development"
                        + " default; never run like this where real tenants or credentials live",
                String.join(" and ", defaults));
    }

    /** Throws when there is no store to use; the message says what to set. */
    static void checkStore(boolean devMode, String uri, boolean embeddedStoreAvailable) {
        if (uri != null && !uri.isBlank()) {
            return;
        }
        if (!devMode) {
            throw new IllegalStateException("Refusing to start: MONGODB_URI (leadflow.mongo.uri) is not set. Point it"
                    + " at your MongoDB (mongodb://user:password@host:27017/?authSource=admin). On a developer machine,"
                    + " ./temporal-dev/start.sh runs an embedded store and passes its MONGODB_URI to the apps.");
        }
        if (!embeddedStoreAvailable) {
            throw new IllegalStateException("Refusing to start: MONGODB_URI (leadflow.mongo.uri) is not set, and this"
                    + " build has no embedded store (it ships with the local stack and the tests only, never in the api"
                    + " or worker jars). Set MONGODB_URI, or use ./temporal-dev/start.sh.");
        }
    }
}
