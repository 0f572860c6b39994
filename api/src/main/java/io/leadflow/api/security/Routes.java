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

    /**
     * No credential: health; the WhatsApp webhook (it authenticates by Meta's signature or verify token); an e-mail's
     * unsubscribe link (it carries a signed token).
     */
    static final RequestMatcher PUBLIC = new OrRequestMatcher(
            pathPattern(HttpMethod.GET, "/api/saas/health"),
            pathPattern(HttpMethod.GET, "/api/saas/whatsapp/webhook"),
            pathPattern(HttpMethod.POST, "/api/saas/whatsapp/webhook"),
            pathPattern(HttpMethod.GET, "/api/saas/unsubscribe/{token}"),
            pathPattern(HttpMethod.POST, "/api/saas/unsubscribe/{token}"));

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
}
