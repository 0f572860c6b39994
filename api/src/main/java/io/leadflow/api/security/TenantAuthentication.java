package io.leadflow.api.security;

import io.leadflow.shared.security.ApiKeys;
import io.leadflow.shared.tenant.TenantScope;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A tenant authenticated by {@code x-client-code} + {@code x-api-key}: which tenant, and which kind of key, as the
 * authority {@code TENANT_SECRET} or {@code TENANT_PUBLISHABLE}. The key itself is not kept.
 */
public final class TenantAuthentication extends AbstractAuthenticationToken {

    static final String SECRET = "TENANT_SECRET";
    static final String PUBLISHABLE = "TENANT_PUBLISHABLE";

    private final TenantScope scope;
    private final ApiKeys.Kind kind;

    TenantAuthentication(TenantScope scope, ApiKeys.Kind kind) {
        super(List.of(new SimpleGrantedAuthority(kind == ApiKeys.Kind.SECRET ? SECRET : PUBLISHABLE)));
        this.scope = scope;
        this.kind = kind;
        setAuthenticated(true);
    }

    public String clientCode() {
        return scope.clientCode();
    }

    public ApiKeys.Kind kind() {
        return kind;
    }

    TenantScope scope() {
        return scope;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Object getPrincipal() {
        return scope.clientCode();
    }
}
