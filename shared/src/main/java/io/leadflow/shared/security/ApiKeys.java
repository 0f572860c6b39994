package io.leadflow.shared.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Generates tenant API keys and webhook secrets, and hashes keys for storage and comparison.
 *
 * <p>A tenant has two keys. The <em>secret</em> key ({@code lf_sk_...}; keys issued before there were two kinds
 * read {@code lf_...} and are secret keys) may do everything a tenant can. The <em>publishable</em> key
 * ({@code lf_pk_...}) may only fire triggers and business events, so it can live in a browser.
 */
public final class ApiKeys {

    /** What a tenant key may do. */
    public enum Kind {
        /** Every tenant route. */
        SECRET("lf_sk_"),
        /** Only {@code POST /api/saas/workflows/trigger} and {@code POST /api/crm/automations/events}. */
        PUBLISHABLE("lf_pk_");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        /** The prefix every new key of this kind starts with. */
        public String prefix() {
            return prefix;
        }

        /** A new key of this kind: the prefix and 32 random bytes, base64url (256 bits of entropy). */
        public String newKey() {
            return prefix + randomToken(32);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    /** A new Standard Webhooks signing secret: {@code whsec_} followed by 32 random bytes, base64. */
    public static String newWebhookSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }

    public static String hash(String apiKey) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(apiKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares a presented key with a stored hash in constant time. */
    public static boolean matches(String presentedKey, String storedHash) {
        if (presentedKey == null || storedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(
                hash(presentedKey).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    /** The first characters of a key (its kind and four random characters), so operators can tell keys apart. */
    public static String prefix(String apiKey) {
        return apiKey.substring(0, Math.min(10, apiKey.length()));
    }

    private static String randomToken(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
