package io.leadflow.shared.config;

/**
 * A MongoDB-wire server started in-process for development and tests (module {@code dev-store}). Production jars
 * don't contain one: there, {@code MONGODB_URI} is required ({@link DevelopmentModeGuard}).
 */
public interface DevelopmentStore {

    /** The connection string of the running server. */
    String uri();
}
