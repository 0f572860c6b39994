package io.leadflow.api.security;

import io.leadflow.shared.client.ClientDirectory;
import io.leadflow.shared.security.ApiKeys;
import io.leadflow.shared.tenant.TenantContext;
import io.leadflow.shared.tenant.Tenants;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code x-client-code} + {@code x-api-key} into a {@link TenantAuthentication} carrying the tenant and
 * the key's kind, and keeps {@link TenantContext} set for the rest of the request. Like {@link AdminTokenFilter} it
 * decides nothing about access: a wrong key leaves the request anonymous (public routes still answer) and notes why.
 */
final class TenantKeyFilter extends OncePerRequestFilter {

    static final String CLIENT_CODE_HEADER = "x-client-code";
    static final String API_KEY_HEADER = "x-api-key";
    static final Pattern CLIENT_CODE = Pattern.compile("[a-z0-9][a-z0-9_-]{1,39}");
    private static final int MAX_KEY_LENGTH = 200;

    private final ClientDirectory clients;
    private final Tenants tenants;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    TenantKeyFilter(ClientDirectory clients, Tenants tenants) {
        this.clients = clients;
        this.tenants = tenants;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String clientCode = request.getHeader(CLIENT_CODE_HEADER);
        String apiKey = request.getHeader(API_KEY_HEADER);
        if ((clientCode == null && apiKey == null) || contexts.getContext().getAuthentication() != null) {
            chain.doFilter(request, response);
            return;
        }
        if (clientCode == null || apiKey == null || clientCode.isBlank() || apiKey.isBlank()) {
            request.setAttribute(SecurityAnswers.PROBLEM, "x-api-key and x-client-code headers are both required");
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiKeys.Kind> kind = CLIENT_CODE.matcher(clientCode).matches() && apiKey.length() <= MAX_KEY_LENGTH
                ? clients.authenticate(clientCode, apiKey) : Optional.empty();
        if (kind.isEmpty()) {
            request.setAttribute(SecurityAnswers.PROBLEM, "invalid API key or client code");
            chain.doFilter(request, response);
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(new TenantAuthentication(tenants.scope(clientCode), kind.get()));
        contexts.setContext(context);
        TenantContext.set(clientCode);
        try {
            chain.doFilter(request, response);
        } finally {
            TenantContext.clear();
        }
    }
}
