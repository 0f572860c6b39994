package io.leadflow.shared.config;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Refuses to start api or worker without {@code MONGODB_URI} unless development mode is on: a production process
 * that silently started a store of its own would accept events into memory and lose them. In development mode the
 * embedded store (module {@code dev-store}, on the class path of the local stack's launcher and of the tests) stands
 * in; a production jar has none, so there the URI is required even in development mode. Runs before any bean is
 * created, like {@link DevSecretsGuard}.
 */
public final class StoreGuard implements BeanFactoryPostProcessor, EnvironmentAware {

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        Binder binder = Binder.get(environment);
        boolean devMode = binder.bind("leadflow.dev-mode", Boolean.class).orElse(false);
        String uri = binder.bind("leadflow.mongo.uri", String.class).orElse("");
        boolean embedded = beanFactory.getBeanNamesForType(DevelopmentStore.class, true, false).length > 0;
        check(devMode, uri, embedded);
    }

    /** Throws when there is no store to use; the message says what to set. */
    static void check(boolean devMode, String uri, boolean embeddedStoreAvailable) {
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
