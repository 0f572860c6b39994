package io.leadflow.shared.tenant;

import java.util.Optional;
import org.slf4j.MDC;

/**
 * The tenant of the current unit of work (an API request or an activity). The Temporal context propagator
 * fills it from workflow headers, so activities always know their tenant; it is also mirrored into the MDC
 * as {@code clientCode} for logs.
 */
public final class TenantContext {

    public static final String MDC_KEY = "clientCode";
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private TenantContext() {
    }

    public static Optional<String> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    public static void set(String clientCode) {
        if (clientCode == null) {
            clear();
            return;
        }
        CURRENT.set(clientCode);
        MDC.put(MDC_KEY, clientCode);
    }

    public static void clear() {
        CURRENT.remove();
        MDC.remove(MDC_KEY);
    }
}
