package io.leadflow.api.security;

import static org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.pathPattern;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.leadflow.api.web.ErrorWriter;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.client.ClientDirectory;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Browsers may call only the routes a publishable key may call (trigger and business events), and only from the
 * origins an admin registered for the tenant ({@code PUT /api/clients/{code}/cors-origins}). A preflight carries no
 * credentials, so it is allowed for any tenant's registered origin; the real request must come from an origin of the
 * tenant it names in {@code x-client-code}. Every other cross-origin preflight is refused with 403. Origin lists are
 * cached for {@link #REFRESH}, so an admin's change takes effect within that time.
 */
final class TenantCors extends OncePerRequestFilter {

    static final Duration REFRESH = Duration.ofSeconds(10);
    private static final String ALL = "";

    /** The paths of {@link Routes#PUBLISHABLE}, whatever the method (a preflight is an OPTIONS request). */
    private static final RequestMatcher CORS_PATHS = new OrRequestMatcher(
            pathPattern("/api/saas/workflows/trigger"), pathPattern("/api/crm/automations/events"));

    private final LoadingCache<String, Set<String>> origins;
    private final ErrorWriter errors;
    private final DefaultCorsProcessor processor = new DefaultCorsProcessor() {
        @Override
        protected void rejectRequest(ServerHttpResponse response) {
            // the filter answers in the envelope
        }
    };

    TenantCors(ClientDirectory clients, ErrorWriter errors) {
        this.errors = errors;
        this.origins = Caffeine.newBuilder().expireAfterWrite(REFRESH).maximumSize(100_000)
                .build(code -> Set.copyOf(ALL.equals(code) ? clients.allCorsOrigins() : clients.corsOrigins(code)));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean cors;
        try {
            cors = CorsUtils.isCorsRequest(request);
        } catch (IllegalArgumentException malformedOrigin) {
            cors = false;
        }
        if (!cors) {
            chain.doFilter(request, response);
            return;
        }
        boolean preflight = CorsUtils.isPreFlightRequest(request);
        if (!CORS_PATHS.matches(request)) {
            if (preflight) {
                errors.write(response, ErrorCode.FORBIDDEN,
                        "browsers may call only POST /api/saas/workflows/trigger and POST /api/crm/automations/events");
                return;
            }
            chain.doFilter(request, response); // no CORS headers: the browser will not let the page read the answer
            return;
        }
        String clientCode = request.getHeader(TenantKeyFilter.CLIENT_CODE_HEADER);
        Set<String> allowed = preflight ? origins.get(ALL)
                : clientCode != null && TenantKeyFilter.CLIENT_CODE.matcher(clientCode).matches()
                        ? origins.get(clientCode) : Set.of();
        if (!processor.processRequest(configuration(allowed), request, response)) {
            errors.write(response, ErrorCode.FORBIDDEN, "origin " + printable(request.getHeader("Origin"))
                    + " is not allowed for this tenant (admin: PUT /api/clients/{clientCode}/cors-origins)");
            return;
        }
        if (!preflight) {
            chain.doFilter(request, response);
        }
    }

    private static CorsConfiguration configuration(Set<String> allowedOrigins) {
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(List.copyOf(allowedOrigins));
        config.setAllowedMethods(List.of("POST"));
        config.setAllowedHeaders(List.of("content-type", TenantKeyFilter.API_KEY_HEADER, TenantKeyFilter.CLIENT_CODE_HEADER));
        config.setAllowCredentials(false);
        config.setMaxAge(600L);
        return config;
    }

    private static String printable(String origin) {
        String s = origin == null ? "" : origin.replaceAll("[^\\x20-\\x7E]", "?");
        return "'" + (s.length() > 100 ? s.substring(0, 100) : s) + "'";
    }
}
