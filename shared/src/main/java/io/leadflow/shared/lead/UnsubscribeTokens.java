package io.leadflow.shared.lead;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token of an e-mail's one-click unsubscribe link ({@code List-Unsubscribe}, RFC 8058): the tenant and the lead,
 * signed, so the public link opts out exactly that lead and can't be forged for another. The key is derived from the
 * platform secret with a label of its own, so no other token of the platform verifies as one of these.
 */
public final class UnsubscribeTokens {

    /** Who a token unsubscribes. */
    public record Subject(String clientCode, String leadId) {
    }

    private final byte[] key;

    public UnsubscribeTokens(String platformSecret) {
        try {
            this.key = MessageDigest.getInstance("SHA-256")
                    .digest(("leadflow-unsubscribe:" + platformSecret).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String issue(String clientCode, String leadId) {
        String subject = encode(clientCode + ":" + leadId);
        return subject + "." + encode(mac(subject));
    }

    public Optional<Subject> verify(String token) {
        if (token == null || token.length() > 400) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String subject = token.substring(0, dot);
        byte[] given;
        String decoded;
        try {
            given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            decoded = new String(Base64.getUrlDecoder().decode(subject), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(given, mac(subject).getBytes(StandardCharsets.ISO_8859_1))) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        return colon <= 0 ? Optional.empty()
                : Optional.of(new Subject(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    private String mac(String subject) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return new String(mac.doFinal(subject.getBytes(StandardCharsets.US_ASCII)), StandardCharsets.ISO_8859_1);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
