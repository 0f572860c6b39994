package io.leadflow.api.web;

import io.leadflow.shared.config.LeadflowProperties;
import io.leadflow.shared.ratelimit.TokenBuckets;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** The global limiter: requests per minute per client IP on every {@code /api} route; 429 with Retry-After. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class GlobalRateLimitFilter extends OncePerRequestFilter {

    private final TokenBuckets buckets;
    private final ErrorWriter errors;

    GlobalRateLimitFilter(LeadflowProperties properties, ErrorWriter errors) {
        this.buckets = new TokenBuckets(properties.api().globalRequestsPerMinute(), Duration.ofMinutes(1));
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Duration wait = buckets.tryAcquire(ClientIp.of(request));
        if (!wait.isZero()) {
            RateLimits.reject(response, errors, wait);
            return;
        }
        chain.doFilter(request, response);
    }
}
