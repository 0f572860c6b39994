package io.leadflow.api.trigger;

import io.leadflow.shared.metrics.LeadflowMetrics;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts the trigger route's answers by tenant and outcome ({@code leadflow.triggers}) and times accepted ones
 * ({@code leadflow.trigger.accept}). It sits in the security chain after authorization and before the per-tenant
 * limits, so it sees every answer an authenticated tenant gets — the 429 of its limit, the 400 of a bad body, the 200
 * or 202 — and never counts a made-up client code (unauthenticated requests are not counted).
 */
public final class TriggerMetrics extends OncePerRequestFilter {

    /** Request attribute the controller sets when the answer is the original event of a repeated idempotency key. */
    static final String DUPLICATE = TriggerMetrics.class.getName() + ".duplicate";

    private final RequestMatcher route;
    private final Function<HttpServletRequest, String> tenant;
    private final LeadflowMetrics metrics;

    public TriggerMetrics(RequestMatcher route, Function<HttpServletRequest, String> tenant, LeadflowMetrics metrics) {
        this.route = route;
        this.tenant = tenant;
        this.metrics = metrics;
        setBeanName("triggerMetrics");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !route.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String clientCode = tenant.apply(request);
        long started = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            if (clientCode != null) {
                int status = response.getStatus();
                metrics.trigger(clientCode, outcome(status, request.getAttribute(DUPLICATE) != null));
                if (status == 200 || status == 202) {
                    metrics.triggerAccepted(Integer.toString(status), Duration.ofNanos(System.nanoTime() - started));
                }
            }
        }
    }

    private static String outcome(int status, boolean duplicate) {
        if (status < 300) {
            return duplicate ? "duplicate" : "accepted";
        }
        if (status == 429) {
            return "rate_limited";
        }
        return status < 500 ? "rejected" : "failed";
    }
}
