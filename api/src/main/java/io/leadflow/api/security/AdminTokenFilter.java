package io.leadflow.api.security;

import io.leadflow.shared.security.AdminTokens;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <admin JWT>} into an {@link AdminAuthentication}. It only
 * authenticates; whether a route needs an admin is the chain's decision. A refused token leaves the request
 * anonymous and notes why, so the 401 can say so.
 */
final class AdminTokenFilter extends OncePerRequestFilter {

    private final AdminTokens tokens;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    AdminTokenFilter(AdminTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        AdminTokens.Verdict verdict = tokens.verify(header.substring(7).trim());
        if (verdict.subject().isEmpty()) {
            request.setAttribute(SecurityAnswers.PROBLEM, "admin token refused: " + verdict.problem());
            chain.doFilter(request, response);
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(new AdminAuthentication(verdict.subject().get()));
        contexts.setContext(context);
        MDC.put("admin", verdict.subject().get());
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("admin");
        }
    }
}
