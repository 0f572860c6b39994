package io.leadflow.api.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An operator authenticated by an admin JWT: authority {@code ROLE_ADMIN}, principal the token's subject. */
final class AdminAuthentication extends AbstractAuthenticationToken {

    static final String ROLE = "ADMIN";

    private final String subject;

    AdminAuthentication(String subject) {
        super(List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)));
        this.subject = subject;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Object getPrincipal() {
        return subject;
    }
}
