package io.leadflow.api.security;

import io.leadflow.shared.client.ClientDirectory;
import io.leadflow.shared.client.ClientSecrets;
import io.leadflow.shared.config.LeadflowProperties;
import io.leadflow.shared.config.MessagingProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Short-lived tokens for the live inbox stream in browsers, which can't send headers on an {@code EventSource}: a
 * server holding the secret key asks for one ({@code POST /api/saas/chat/stream-token}) and hands it to the page,
 * which connects with {@code ?token=}. A token names the tenant, expires after
 * {@code leadflow.messaging.chat.token-lifetime}, opens the stream and nothing else, and dies with the secret key it
 * was issued under (rotating the key revokes it). Signed with a key derived from the platform secret under a label of
 * its own, so no other token of the platform passes as one.
 */
@Component
public class StreamTokens {

    private final byte[] key;
    private final Duration lifetime;
    private final ClientDirectory clients;
    private final Clock clock;

    StreamTokens(LeadflowProperties properties, MessagingProperties messaging, ClientDirectory clients) {
        this.lifetime = messaging.chat().tokenLifetime();
        this.clients = clients;
        this.clock = Clock.systemUTC();
        String platformSecret = properties.security().jwtSecret();
        try {
            this.key = MessageDigest.getInstance("SHA-256")
                    .digest(("leadflow-chat-stream:" + platformSecret).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token for the tenant's stream, and when it stops opening streams. */
    public record Issued(String token, Instant expiresAt) {
    }

    public Issued issue(String clientCode) {
        Instant expires = clock.instant().plus(lifetime);
        String claims = "c=" + clientCode + ";e=" + expires.getEpochSecond() + ";k=" + fingerprint(clientCode);
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        return new Issued(body + "." + sign(body), expires);
    }

    /** The tenant of a valid, unexpired token issued under its current secret key. */
    public Optional<String> verify(String token) {
        if (token == null || token.length() > 512) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || !MessageDigest.isEqual(sign(token.substring(0, dot)).getBytes(StandardCharsets.US_ASCII),
                token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        String claims;
        try {
            claims = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        String clientCode = null;
        long expires = 0;
        String fingerprint = null;
        for (String part : claims.split(";")) {
            if (part.startsWith("c=")) {
                clientCode = part.substring(2);
            } else if (part.startsWith("e=")) {
                try {
                    expires = Long.parseLong(part.substring(2));
                } catch (NumberFormatException bad) {
                    return Optional.empty();
                }
            } else if (part.startsWith("k=")) {
                fingerprint = part.substring(2);
            }
        }
        if (clientCode == null || expires < clock.instant().getEpochSecond()
                || !fingerprint(clientCode).equals(fingerprint)) {
            return Optional.empty();
        }
        return Optional.of(clientCode);
    }

    /** The first characters of the tenant's current secret key hash: a rotated key no longer matches. */
    private String fingerprint(String clientCode) {
        String hash = clients.secrets(clientCode).map(ClientSecrets::apiKeyHash).orElse("");
        return hash.length() < 16 ? hash : hash.substring(0, 16);
    }

    private String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(body.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
