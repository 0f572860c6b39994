package io.leadflow.api.security;

import io.leadflow.api.web.ErrorWriter;
import io.leadflow.shared.ratelimit.TokenBuckets;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Token-bucket limits inside the security chain, matched like the access rules (on the routed path): every limit
 * whose matcher matches and whose key is known takes a token; the first empty bucket answers 429 with
 * {@code Retry-After}. One instance runs before authentication (per client address), one after authorization (per
 * tenant), so a refused credential still costs the caller's address a token but never the tenant's.
 */
final class RateLimitFilter extends OncePerRequestFilter {

    /** A limit: which requests, keyed how (null key: not counted), and the buckets. */
    record Limit(String name, RequestMatcher matcher, Function<HttpServletRequest, String> key, TokenBuckets buckets) {
        static Limit perMinute(String name, RequestMatcher matcher, Function<HttpServletRequest, String> key,
                               int perMinute) {
            return new Limit(name, matcher, key, new TokenBuckets(perMinute, Duration.ofMinutes(1)));
        }
    }

    private final List<Limit> limits;
    private final ErrorWriter errors;

    /** {@code name} tells instances apart (each runs once per request under its own name). */
    RateLimitFilter(String name, List<Limit> limits, ErrorWriter errors) {
        this.limits = List.copyOf(limits);
        this.errors = errors;
        setBeanName(name);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (Limit limit : limits) {
            if (!limit.matcher().matches(request)) {
                continue;
            }
            String key = limit.key().apply(request);
            if (key == null) {
                continue;
            }
            Duration wait = limit.buckets().tryAcquire(key);
            if (!wait.isZero()) {
                RateLimits.reject(response, errors, wait);
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
