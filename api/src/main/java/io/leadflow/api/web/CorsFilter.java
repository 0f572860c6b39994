package io.leadflow.api.web;

import io.leadflow.shared.client.ClientDirectory;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The dynamic CORS allowlist: browser origins registered by admins for any tenant may call the API (preflights
 * carry no credentials, so the tenant is checked by the API key on the real request). Refreshed every 30 s.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class CorsFilter extends OncePerRequestFilter {

    private static final Duration REFRESH = Duration.ofSeconds(30);

    private final ClientDirectory clients;
    private volatile Set<String> allowed = Set.of();
    private volatile Instant loadedAt = Instant.EPOCH;

    CorsFilter(ClientDirectory clients) {
        this.clients = clients;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader("Origin");
        boolean allowedOrigin = origin != null && origins().contains(origin);
        if (allowedOrigin) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Vary", "Origin");
        }
        if ("OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null) {
            if (allowedOrigin) {
                response.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
                response.setHeader("Access-Control-Allow-Headers", "content-type, x-api-key, x-client-code, authorization");
                response.setHeader("Access-Control-Max-Age", "600");
            }
            response.setStatus(allowedOrigin ? HttpServletResponse.SC_NO_CONTENT : HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        chain.doFilter(request, response);
    }

    /** Forces a reload on the next request, after an admin changed origins. */
    void invalidate() {
        loadedAt = Instant.EPOCH;
    }

    private Set<String> origins() {
        if (Instant.now().isAfter(loadedAt.plus(REFRESH))) {
            allowed = Set.copyOf(clients.allCorsOrigins());
            loadedAt = Instant.now();
        }
        return allowed;
    }
}
