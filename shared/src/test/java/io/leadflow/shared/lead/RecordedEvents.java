package io.leadflow.shared.lead;

import io.leadflow.shared.tenant.TenantScope;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Lifecycle events the service reported, in order (the engine side is tested where the engine lives). */
final class RecordedEvents implements LeadEvents {

    record Fired(String clientCode, String leadId, String trigger, Map<String, Object> variables, int depth) {
    }

    private final List<Fired> fired = new CopyOnWriteArrayList<>();

    @Override
    public void fire(TenantScope tenant, String leadId, String trigger, Map<String, Object> variables, int depth) {
        fired.add(new Fired(tenant.clientCode(), leadId, trigger, new java.util.LinkedHashMap<>(variables), depth));
    }

    List<Fired> all() {
        return List.copyOf(fired);
    }

    List<String> triggers() {
        return fired.stream().map(Fired::trigger).toList();
    }

    void clear() {
        fired.clear();
    }
}
