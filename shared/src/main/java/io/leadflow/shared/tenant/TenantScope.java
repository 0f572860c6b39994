package io.leadflow.shared.tenant;

/**
 * One tenant's view of storage: {@link #data()} is the tenant's own database (leads, rules, messages),
 * {@link #central()} the tenant's rows of the central database (event and callback logs). Both filter by
 * {@code clientCode}.
 */
public record TenantScope(String clientCode, ScopedMongo data, ScopedMongo central) {
}
