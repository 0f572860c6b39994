package io.leadflow.dev;

/** Which MongoDB-compatible store worker and api use, decided once at start-up. */
enum StoreMode {

    /** {@code MONGODB_URI} was set: someone else runs the store, the stack starts none. */
    EXTERNAL("external"),

    /** mongo-java-server on an H2 file, in a JVM of its own: needs nothing but the JDK. */
    EMBEDDED("embedded"),

    /** FerretDB v1.24.2 on SQLite ({@code --store=ferretdb}): a real MongoDB-wire server, built once with Go. */
    FERRETDB("ferretdb");

    private final String label;

    StoreMode(String label) {
        this.label = label;
    }

    /** Stable lower-case name, as typed after {@code --store=} and written to {@code stack.env}. */
    String label() {
        return label;
    }

    static StoreMode ofOption(String value) {
        for (StoreMode mode : values()) {
            if (mode != EXTERNAL && mode.label.equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("--store must be 'embedded' or 'ferretdb', got '" + value + "'");
    }
}
