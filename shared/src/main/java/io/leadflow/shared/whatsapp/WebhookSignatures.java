package io.leadflow.shared.whatsapp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Meta's webhook signature: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, keyed by the app
 * secret>}. Checked on the bytes as received, before any parsing, and compared in constant time.
 */
public final class WebhookSignatures {

    public static final String HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";

    private WebhookSignatures() {
    }

    /** The header value Meta would send for this body and app secret. */
    public static String sign(byte[] body, String appSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the header is well formed: {@code sha256=} and 64 hex digits. */
    public static boolean wellFormed(String header) {
        return header != null && header.length() == PREFIX.length() + 64
                && header.toLowerCase(Locale.ROOT).startsWith(PREFIX)
                && header.substring(PREFIX.length()).chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    /** Whether {@code header} is the signature of {@code body} under {@code appSecret}. */
    public static boolean verify(byte[] body, String header, String appSecret) {
        if (!wellFormed(header) || appSecret == null || appSecret.isBlank()) {
            return false;
        }
        byte[] expected = sign(body, appSecret).getBytes(StandardCharsets.US_ASCII);
        byte[] given = (PREFIX + header.substring(PREFIX.length()).toLowerCase(Locale.ROOT))
                .getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }
}
