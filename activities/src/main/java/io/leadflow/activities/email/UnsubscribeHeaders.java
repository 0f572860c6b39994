package io.leadflow.activities.email;

import io.leadflow.shared.config.MessagingProperties;
import io.leadflow.shared.lead.UnsubscribeTokens;
import org.springframework.stereotype.Component;

/**
 * The {@code List-Unsubscribe} headers every e-mail to a lead carries (RFC 2369, and RFC 8058 one-click): a signed
 * link to {@code POST /api/saas/unsubscribe/{token}} when the API's public address is configured
 * ({@code leadflow.messaging.public-base-url}), and always a {@code mailto:} to the sender. Mail providers show an
 * "unsubscribe" button for them, and bulk senders are required to have them.
 */
@Component
public class UnsubscribeHeaders {

    /** The RFC 8058 header that makes the https link a one-click unsubscribe. */
    public static final String ONE_CLICK = "List-Unsubscribe=One-Click";

    private final UnsubscribeTokens tokens;
    private final String publicBaseUrl;

    public UnsubscribeHeaders(UnsubscribeTokens tokens, MessagingProperties messaging) {
        this.tokens = tokens;
        String base = messaging.publicBaseUrl() == null ? "" : messaging.publicBaseUrl().trim();
        this.publicBaseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The {@code List-Unsubscribe} value for a lead's e-mail sent from {@code from}. */
    public String listUnsubscribe(String clientCode, String leadId, String from) {
        String mailto = "<mailto:" + from + "?subject=unsubscribe>";
        if (publicBaseUrl.isEmpty() || leadId == null) {
            return mailto;
        }
        return "<" + publicBaseUrl + "/api/saas/unsubscribe/" + tokens.issue(clientCode, leadId) + ">, " + mailto;
    }

    /** Whether the value carries the https link (then {@code List-Unsubscribe-Post} goes with it). */
    public static boolean oneClick(String listUnsubscribe) {
        return listUnsubscribe != null && listUnsubscribe.startsWith("<http");
    }
}
