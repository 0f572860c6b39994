package io.leadflow.shared.temporal;

import io.leadflow.shared.tenant.TenantContext;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.context.ContextPropagator;
import io.temporal.common.converter.GlobalDataConverter;
import java.util.Map;

/**
 * Carries the tenant's {@code clientCode} in Temporal headers from the caller into workflows, and from
 * workflows into their activities and children.
 */
public final class TenantContextPropagator implements ContextPropagator {

    static final String HEADER = "leadflow-client-code";

    @Override
    public String getName() {
        return "leadflow-tenant";
    }

    @Override
    public Map<String, Payload> serializeContext(Object context) {
        if (context == null) {
            return Map.of();
        }
        return Map.of(HEADER, GlobalDataConverter.get().toPayload(context).orElseThrow());
    }

    @Override
    public Object deserializeContext(Map<String, Payload> header) {
        Payload payload = header.get(HEADER);
        return payload == null ? null : GlobalDataConverter.get().fromPayload(payload, String.class, String.class);
    }

    @Override
    public Object getCurrentContext() {
        return TenantContext.current().orElse(null);
    }

    @Override
    public void setCurrentContext(Object context) {
        TenantContext.set((String) context);
    }
}
