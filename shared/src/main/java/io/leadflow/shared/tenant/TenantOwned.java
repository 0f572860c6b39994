package io.leadflow.shared.tenant;

/** Implemented by every document that belongs to one tenant. */
public interface TenantOwned {

    String clientCode();
}
