package io.leadflow.api.security;

import static org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.pathPattern;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * Every route family the security chain knows, in one place. The matchers are Spring's {@code PathPattern}s, read
 * against the same decoded, normalised path (without {@code ;} parameters) that Spring MVC routes on, after the
 * firewall has refused any spelling that could make the two disagree. Anything not listed here is denied.
 */
final class Routes {

    /** The liveness and readiness probes on the public port ({@code ProbeController}): the status alone. */
    static final RequestMatcher PROBES = new OrRequestMatcher(
            pathPattern(HttpMethod.GET, "/actuator/health/liveness"),
            pathPattern(HttpMethod.GET, "/actuator/health/readiness"));

    /** The OpenAPI description and Swagger UI: public by decision (docs/SECURITY.md, "API documentation"). */
    static final RequestMatcher API_DOCS = new OrRequestMatcher(
            pathPattern(HttpMethod.GET, "/v3/api-docs"),
            pathPattern(HttpMethod.GET, "/v3/api-docs/**"),
            pathPattern(HttpMethod.GET, "/swagger-ui.html"),
            pathPattern(HttpMethod.GET, "/swagger-ui/**"));

    /**
     * No credential: health, the probes, the API documentation; the WhatsApp webhook (it authenticates by Meta's
     * signature or verify token); an e-mail's unsubscribe link (it carries a signed token).
     */
    static final RequestMatcher PUBLIC = new OrRequestMatcher(
            pathPattern(HttpMethod.GET, "/api/saas/health"),
            PROBES,
            API_DOCS,
            pathPattern(HttpMethod.GET, "/api/saas/whatsapp/webhook"),
            pathPattern(HttpMethod.POST, "/api/saas/whatsapp/webhook"),
            pathPattern(HttpMethod.GET, "/api/saas/unsubscribe/{token}"),
            pathPattern(HttpMethod.POST, "/api/saas/unsubscribe/{token}"));

    /**
     * Every actuator endpoint (health with details, prometheus), but only on the management port, which deployments
     * never publish: a request to the public port never matches, even at the same path, and when the management port
     * is configured to be the public one, nothing matches and actuator is denied but for the two probes.
     */
    static final RequestMatcher MANAGEMENT = new AndRequestMatcher(
            EndpointRequest.toAnyEndpoint(), Routes::onManagementServer);

    /** The admin API of tenants, and the platform's own admin routes: the admin JWT only. */
    static final RequestMatcher ADMIN = new OrRequestMatcher(
            pathPattern("/api/clients"), pathPattern("/api/clients/**"), pathPattern("/api/admin/**"));

    /** The live inbox stream: the secret key, or a short-lived stream token for browsers. */
    static final RequestMatcher CHAT_STREAM = pathPattern(HttpMethod.GET, "/api/saas/chat/stream");

    /** The trigger endpoint, which client sites (and browsers, with the publishable key) call. */
    static final RequestMatcher TRIGGER = pathPattern(HttpMethod.POST, "/api/saas/workflows/trigger");

    /** Business events for existing leads. */
    static final RequestMatcher BUSINESS_EVENTS = pathPattern(HttpMethod.POST, "/api/crm/automations/events");

    /** What a publishable key may call, and the only routes that answer browsers' CORS requests. */
    static final RequestMatcher PUBLISHABLE = new OrRequestMatcher(TRIGGER, BUSINESS_EVENTS);

    /** Lead creation, which has a per-tenant limit of its own. */
    static final RequestMatcher LEAD_CREATE = pathPattern(HttpMethod.POST, "/api/crm/leads");

    /** Every tenant route: the secret key (unknown paths under these prefixes answer 404 to a tenant). */
    static final RequestMatcher TENANT = new OrRequestMatcher(
            pathPattern("/api/saas/**"), pathPattern("/api/crm"), pathPattern("/api/crm/**"));

    private Routes() {
    }

    /** Whether the request came in through the management server (its own web context, namespace "management"). */
    private static boolean onManagementServer(HttpServletRequest request) {
        WebApplicationContext context =
                WebApplicationContextUtils.getWebApplicationContext(request.getServletContext());
        return context != null && WebServerApplicationContext.hasServerNamespace(context, "management");
    }
}
