package io.leadflow.api.web;

import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.client.ClientDirectory;
import io.leadflow.shared.config.LeadflowProperties;
import io.leadflow.shared.ratelimit.TokenBuckets;
import io.leadflow.shared.tenant.TenantContext;
import io.leadflow.shared.tenant.Tenants;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates tenant routes ({@code /api/saas/**} but health, and {@code /api/crm/**}) by {@code x-api-key} +
 * {@code x-client-code}, attaches the tenant's {@link io.leadflow.shared.tenant.TenantScope} to the request, and
 * applies the stricter per-tenant limit of the trigger endpoint.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class TenantAuthFilter extends OncePerRequestFilter {

    static final String TENANT_ATTRIBUTE = TenantAuthFilter.class.getName() + ".tenant";
    static final Pattern CLIENT_CODE = Pattern.compile("[a-z0-9][a-z0-9_-]{1,39}");
    private static final String TRIGGER_PATH = "/api/saas/workflows/trigger";

    private final ClientDirectory clients;
    private final Tenants tenants;
    private final ErrorWriter errors;
    private final TokenBuckets triggerLimits;

    TenantAuthFilter(ClientDirectory clients, Tenants tenants, ErrorWriter errors, LeadflowProperties properties) {
        this.clients = clients;
        this.tenants = tenants;
        this.errors = errors;
        this.triggerLimits = new TokenBuckets(properties.api().triggerRequestsPerMinute(), Duration.ofMinutes(1));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        if ("OPTIONS".equals(request.getMethod())) {
            return true;
        }
        boolean tenantRoute = path.startsWith("/api/saas/") || path.startsWith("/api/crm/") || path.equals("/api/crm");
        return !tenantRoute || PublicRoutes.isPublic(path);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String clientCode = request.getHeader("x-client-code");
        String apiKey = request.getHeader("x-api-key");
        if (clientCode == null || apiKey == null || clientCode.isBlank() || apiKey.isBlank()) {
            errors.write(response, ErrorCode.UNAUTHORIZED, "x-api-key and x-client-code headers are required");
            return;
        }
        if (!CLIENT_CODE.matcher(clientCode).matches() || !clients.authenticate(clientCode, apiKey)) {
            errors.write(response, ErrorCode.UNAUTHORIZED, "invalid API key or client code");
            return;
        }
        if (TRIGGER_PATH.equals(request.getRequestURI())) {
            Duration wait = triggerLimits.tryAcquire(clientCode);
            if (!wait.isZero()) {
                RateLimits.reject(response, errors, wait);
                return;
            }
        }
        request.setAttribute(TENANT_ATTRIBUTE, tenants.scope(clientCode));
        TenantContext.set(clientCode);
        try {
            chain.doFilter(request, response);
        } finally {
            TenantContext.clear();
        }
    }
}
