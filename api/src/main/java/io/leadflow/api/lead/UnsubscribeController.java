package io.leadflow.api.lead;

import io.leadflow.shared.conversation.Channels;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.lead.LeadService;
import io.leadflow.shared.lead.UnsubscribeTokens;
import io.leadflow.shared.tenant.Tenants;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public target of an e-mail's {@code List-Unsubscribe} link (RFC 8058): {@code POST} opts the lead out of e-mail
 * (a mail client's one-click unsubscribe posts {@code List-Unsubscribe=One-Click}); {@code GET} only shows a button
 * that posts, because link scanners follow links and must not unsubscribe anyone. The token is the authentication.
 */
@RestController
@RequestMapping("/api/saas/unsubscribe")
class UnsubscribeController {

    private final UnsubscribeTokens tokens;
    private final Tenants tenants;
    private final LeadService leads;

    UnsubscribeController(UnsubscribeTokens tokens, Tenants tenants, LeadService leads) {
        this.tokens = tokens;
        this.tenants = tenants;
        this.leads = leads;
    }

    @GetMapping("/{token}")
    ResponseEntity<String> confirm(@PathVariable String token) {
        subject(token);
        return html("<p>Stop receiving these e-mails?</p><form method=\"post\"><button type=\"submit\">Unsubscribe</button></form>");
    }

    @PostMapping("/{token}")
    ResponseEntity<String> unsubscribe(@PathVariable String token) {
        UnsubscribeTokens.Subject subject = subject(token);
        var tenant = tenants.scope(subject.clientCode());
        if (leads.find(tenant, subject.leadId()).isPresent()) {
            leads.setOptOut(tenant, subject.leadId(), Channels.EMAIL, true, "email_unsubscribe", 0);
        }
        return html("<p>You are unsubscribed. You will not receive these e-mails any more.</p>");
    }

    private UnsubscribeTokens.Subject subject(String token) {
        return tokens.verify(token).orElseThrow(() -> LeadflowException.invalid("token", "is not a valid unsubscribe link"));
    }

    private static ResponseEntity<String> html(String body) {
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; form-action 'self'")
                .body("<!doctype html><meta charset=\"utf-8\"><title>Unsubscribe</title>" + body);
    }
}
