package io.leadflow.api.security;

import io.leadflow.api.web.ErrorWriter;
import io.leadflow.contracts.error.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * What the security chain answers, always in the error envelope: 400 for a request the firewall refuses before
 * routing, 401 without a (valid) credential, 403 with a credential that may not call the route.
 */
final class SecurityAnswers implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    /** Request attribute where an authentication filter notes why it refused the credential it was given. */
    static final String PROBLEM = SecurityAnswers.class.getName() + ".problem";

    private static final Logger log = LoggerFactory.getLogger(SecurityAnswers.class);

    private final ErrorWriter errors;

    SecurityAnswers(ErrorWriter errors) {
        this.errors = errors;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        Object problem = request.getAttribute(PROBLEM);
        errors.write(response, ErrorCode.UNAUTHORIZED, problem != null ? problem.toString()
                : "authentication is required: x-client-code and x-api-key for tenant routes, an admin bearer token"
                        + " for /api/clients");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        errors.write(response, ErrorCode.FORBIDDEN, "this credential may not call this route");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        log.info("firewall refused {} {}: {}", request.getMethod(), sanitize(request.getRequestURI()), e.getMessage());
        errors.write(response, ErrorCode.REQUEST_REJECTED,
                "the request was refused: its path, method or headers are not allowed (no ';', encoded '/', '.', '%'"
                        + " or '\\\\', no '//' or dot segments)");
    }

    private static String sanitize(String uri) {
        if (uri == null) {
            return "";
        }
        String printable = uri.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() > 200 ? printable.substring(0, 200) + "..." : printable;
    }
}
