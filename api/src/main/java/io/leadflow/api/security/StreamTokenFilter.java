package io.leadflow.api.security;

import io.leadflow.shared.client.ClientDirectory;
import io.leadflow.shared.tenant.TenantContext;
import io.leadflow.shared.tenant.Tenants;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates the live inbox stream's {@code ?token=} (see {@link StreamTokens}) into a stream-only
 * {@link TenantAuthentication}. Only on the stream's own route, and only when no key authenticated the request; like
 * the other authentication filters it decides nothing about access.
 */
final class StreamTokenFilter extends OncePerRequestFilter {

    private final StreamTokens tokens;
    private final ClientDirectory clients;
    private final Tenants tenants;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    StreamTokenFilter(StreamTokens tokens, ClientDirectory clients, Tenants tenants) {
        this.tokens = tokens;
        this.clients = clients;
        this.tenants = tenants;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = request.getParameter("token");
        if (token == null || contexts.getContext().getAuthentication() != null || !Routes.CHAT_STREAM.matches(request)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<String> clientCode = tokens.verify(token).filter(clients::isActive);
        if (clientCode.isEmpty()) {
            request.setAttribute(SecurityAnswers.PROBLEM, "the stream token is invalid or expired; ask for a new one");
            chain.doFilter(request, response);
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(TenantAuthentication.stream(tenants.scope(clientCode.get())));
        contexts.setContext(context);
        TenantContext.set(clientCode.get());
        try {
            chain.doFilter(request, response);
        } finally {
            TenantContext.clear();
        }
    }
}
