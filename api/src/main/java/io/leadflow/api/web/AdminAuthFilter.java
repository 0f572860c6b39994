package io.leadflow.api.web;

import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.security.AdminTokens;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** Guards {@code /api/clients/**}: an HS256 bearer JWT signed with {@code CORE_JWT_SECRET} and {@code role: admin}. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class AdminAuthFilter extends OncePerRequestFilter {

    private final AdminTokens tokens;
    private final ErrorWriter errors;

    AdminAuthFilter(AdminTokens tokens, ErrorWriter errors) {
        this.tokens = tokens;
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return "OPTIONS".equals(request.getMethod()) || !(path.equals("/api/clients") || path.startsWith("/api/clients/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        Optional<String> admin = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? tokens.verifyAdmin(header.substring(7).trim())
                : Optional.empty();
        if (admin.isEmpty()) {
            errors.write(response, ErrorCode.UNAUTHORIZED, "an admin bearer token is required");
            return;
        }
        MDC.put("admin", admin.get());
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("admin");
        }
    }
}
