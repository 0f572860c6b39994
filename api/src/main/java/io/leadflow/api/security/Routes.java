package io.leadflow.api.security;

import static org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.pathPattern;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Every route family the security chain knows, in one place. The matchers are Spring's {@code PathPattern}s, read
 * against the same decoded, normalised path (without {@code ;} parameters) that Spring MVC routes on, after the
 * firewall has refused any spelling that could make the two disagree. Anything not listed here is denied.
 */
final class Routes {

    /** No credential: health, and the WhatsApp webhook (a future inbound webhook authenticates by its signature). */
    static final RequestMatcher PUBLIC = new OrRequestMatcher(
            pathPattern(HttpMethod.GET, "/api/saas/health"),
            pathPattern(HttpMethod.GET, "/api/saas/whatsapp/webhook"),
            pathPattern(HttpMethod.POST, "/api/saas/whatsapp/webhook"));

    /** The admin API of tenants: the admin JWT only. */
    static final RequestMatcher ADMIN = new OrRequestMatcher(
            pathPattern("/api/clients"), pathPattern("/api/clients/**"));

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
}
