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
 * Refuses to start api or worker with the public development secrets (the defaults of
 * {@code leadflow.security.jwt-secret} and {@code leadflow.security.encryption-key}, which are in this repository)
 * unless development mode is switched on explicitly ({@code leadflow.dev-mode=true}, env {@code LEADFLOW_DEV_MODE}).
 * It runs before any bean is created, so nothing starts, connects or listens with a secret everybody knows.
 */
public final class DevSecretsGuard implements BeanFactoryPostProcessor, EnvironmentAware {

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
        check(devMode, jwtSecret, encryptionKey);
    }

    /** Throws when a development secret is used outside development mode; warns about it inside. */
    static void check(boolean devMode, String jwtSecret, String encryptionKey) {
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
        LoggerFactory.getLogger(DevSecretsGuard.class).warn("Development mode: {} is the public development default;"
                + " never run like this where real tenants or credentials live", String.join(" and ", defaults));
    }
}
