package io.leadflow.api.security;

import io.leadflow.shared.security.ApiKeys;
import io.leadflow.shared.tenant.TenantScope;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A tenant authenticated by {@code x-client-code} + {@code x-api-key}: which tenant, and which kind of key, as the
 * authority {@code TENANT_SECRET} or {@code TENANT_PUBLISHABLE}. The key itself is not kept. A browser's live inbox
 * stream authenticates with a short-lived stream token instead: authority {@code TENANT_STREAM}, kind null.
 */
public final class TenantAuthentication extends AbstractAuthenticationToken {

    static final String SECRET = "TENANT_SECRET";
    static final String PUBLISHABLE = "TENANT_PUBLISHABLE";
    /** A short-lived stream token: the tenant's live inbox stream, and nothing else. */
    static final String STREAM = "TENANT_STREAM";

    private final TenantScope scope;
    private final ApiKeys.Kind kind;

    TenantAuthentication(TenantScope scope, ApiKeys.Kind kind) {
        this(scope, kind, kind == ApiKeys.Kind.SECRET ? SECRET : PUBLISHABLE);
    }

    private TenantAuthentication(TenantScope scope, ApiKeys.Kind kind, String authority) {
        super(List.of(new SimpleGrantedAuthority(authority)));
        this.scope = scope;
        this.kind = kind;
        setAuthenticated(true);
    }

    /** A tenant authenticated by a stream token ({@code ?token=}): may open its live inbox stream only. */
    static TenantAuthentication stream(TenantScope scope) {
        return new TenantAuthentication(scope, null, STREAM);
    }

    public String clientCode() {
        return scope.clientCode();
    }

    /** The kind of key, or null for a stream token. */
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
