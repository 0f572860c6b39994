package io.leadflow.shared.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * Issues and verifies admin bearer tokens: HS256 JWTs with claim {@code role: admin}. A token must expire
 * ({@code exp}), and may live at most {@code maxLifetime}: {@code exp - iat}, or {@code exp - now} without
 * {@code iat}. A leaked token is then worth hours, never forever.
 */
public final class AdminTokens {

    public static final String ROLE_CLAIM = "role";
    public static final String ADMIN = "admin";
    /** The default {@code leadflow.security.admin-token-max-lifetime}. */
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(12);
    /** Clock difference tolerated between the issuer and us, for {@code iat} and {@code nbf}. */
    private static final Duration SKEW = Duration.ofSeconds(60);

    private final byte[] secret;
    private final Duration maxLifetime;
    private final Clock clock;

    public AdminTokens(String secret) {
        this(secret, DEFAULT_MAX_LIFETIME, Clock.systemUTC());
    }

    public AdminTokens(String secret, Duration maxLifetime) {
        this(secret, maxLifetime, Clock.systemUTC());
    }

    AdminTokens(String secret, Duration maxLifetime, Clock clock) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            throw new IllegalStateException("CORE_JWT_SECRET must be at least 32 bytes for HS256");
        }
        if (maxLifetime == null || maxLifetime.isNegative() || maxLifetime.isZero()) {
            throw new IllegalStateException("leadflow.security.admin-token-max-lifetime must be positive");
        }
        this.secret = bytes;
        this.maxLifetime = maxLifetime;
        this.clock = clock;
    }

    public String issue(String subject, Duration ttl) {
        Instant now = clock.instant();
        return sign(new JWTClaimsSet.Builder()
                .subject(subject)
                .claim(ROLE_CLAIM, ADMIN)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .build());
    }

    /** Signs arbitrary claims with the admin secret (tests build malformed tokens with it). */
    public String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** The subject of a valid admin token; empty otherwise. */
    public Optional<String> verifyAdmin(String token) {
        return verify(token).subject();
    }

    /** Why a token is refused, or its subject. */
    public record Verdict(Optional<String> subject, String problem) {
        static Verdict refused(String problem) {
            return new Verdict(Optional.empty(), problem);
        }
    }

    /** Checks signature, algorithm, expiry, lifetime and role; the problem says which check failed. */
    public Verdict verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new MACVerifier(secret))) {
                return Verdict.refused("the token's signature is not valid");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Instant now = clock.instant();
            Date exp = claims.getExpirationTime();
            if (exp == null) {
                return Verdict.refused("the token has no expiry (exp)");
            }
            if (!exp.toInstant().isAfter(now)) {
                return Verdict.refused("the token has expired");
            }
            Date iat = claims.getIssueTime();
            if (iat != null && iat.toInstant().isAfter(now.plus(SKEW))) {
                return Verdict.refused("the token is issued in the future (iat)");
            }
            Date nbf = claims.getNotBeforeTime();
            if (nbf != null && nbf.toInstant().isAfter(now.plus(SKEW))) {
                return Verdict.refused("the token is not valid yet (nbf)");
            }
            Duration lifetime = Duration.between(iat != null ? iat.toInstant() : now, exp.toInstant());
            if (lifetime.compareTo(maxLifetime) > 0 || Duration.between(now, exp.toInstant()).compareTo(maxLifetime) > 0) {
                return Verdict.refused("the token lives longer than the allowed " + maxLifetime.toHours() + " h");
            }
            if (!ADMIN.equals(claims.getClaim(ROLE_CLAIM))) {
                return Verdict.refused("the token's role is not admin");
            }
            return new Verdict(Optional.of(claims.getSubject() == null ? ADMIN : claims.getSubject()), null);
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Verdict.refused("the token is not a valid JWT");
        }
    }
}
