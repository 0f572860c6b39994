package io.leadflow.shared.lead;

import io.leadflow.contracts.trigger.TriggerInput;
import io.leadflow.shared.engine.TriggerDispatcher;
import io.leadflow.shared.tenant.TenantScope;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the CRM reports lifecycle events ({@code lead_created}, {@code stage_enter}, {@code tag_added}, ...) so
 * automation rules can react. In the apps this is {@link #through}; tests may record them.
 */
@FunctionalInterface
public interface LeadEvents {

    /**
     * Reports that something happened to a lead.
     *
     * @param depth how many internal triggers led to this change (0 for API calls); the dispatcher's loop
     *              guard cuts chains that get too deep
     */
    void fire(TenantScope tenant, String leadId, String trigger, Map<String, Object> variables, int depth);

    /**
     * Internal triggers through the engine: source {@code crm}, one EventLog each. A failure to reach the
     * engine never undoes the CRM change: the event stays {@code received} and is dispatched again later.
     */
    static LeadEvents through(java.util.function.Supplier<TriggerDispatcher> dispatcher) {
        Logger log = LoggerFactory.getLogger(LeadEvents.class);
        return (tenant, leadId, trigger, variables, depth) -> {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("leadId", leadId);
            request.put("variables", variables);
            TriggerInput input = new TriggerInput(tenant.clientCode(), null, trigger, "crm", leadId, variables, null,
                    null, null, 0, depth, null);
            try {
                dispatcher.get().dispatch(input, null, request);
            } catch (RuntimeException e) {
                log.warn("internal trigger {} for lead {} was not started now: {}", trigger, leadId, e.toString());
            }
        };
    }
}
