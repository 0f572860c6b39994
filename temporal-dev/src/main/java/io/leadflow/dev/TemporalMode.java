package io.leadflow.dev;

/** Which Temporal the local stack talks to, decided once at start-up. */
enum TemporalMode {

    /** {@code TEMPORAL_ADDRESS} was set: someone else runs Temporal, the stack starts none. */
    EXTERNAL("external"),

    /** {@code temporal server start-dev}: SQLite file, Web UI, real visibility queries. */
    CLI("cli"),

    /** The Java test server in a child JVM: in memory, no Web UI; used when no CLI is available. */
    JAVA_TEST_SERVER("java-test-server");

    private final String label;

    TemporalMode(String label) {
        this.label = label;
    }

    /** Stable lower-case name written to {@code stack.env} for scripts. */
    String label() {
        return label;
    }
}
