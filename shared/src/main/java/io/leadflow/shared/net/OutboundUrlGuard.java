package io.leadflow.shared.net;

import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.error.LeadflowException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The SSRF guard for URLs a tenant gives us (callback and webhook targets). A URL is allowed only if it is
 * {@code http(s)}, carries no user-info, and its host is neither a blocked name nor resolves to a blocked
 * address (loopback, private, link-local, CGNAT, unique-local, multicast, unspecified, reserved, cloud
 * metadata).
 *
 * <p>Two checkpoints use it: {@link #validate(String, boolean)} when a URL is saved (resolves the host now),
 * and the sender at delivery time ({@link #checkUrl} for the URL and IP literals, plus a DNS filter built on
 * {@link #blockReason} for the addresses the name resolves to then) — a name that was public at save time may
 * point inside our network later.
 *
 * <p>{@code allowPrivateTargets} (local development) lets loopback, private, link-local, CGNAT and
 * unique-local targets through; metadata, multicast, unspecified and reserved addresses stay blocked always.
 */
public final class OutboundUrlGuard {

    /** Longest URL we store or call. */
    public static final int MAX_URL_LENGTH = 2048;

    /** Resolves a host name to all its addresses; tests swap it for a fixed table. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    /** The JVM's resolver. */
    public static final Resolver SYSTEM_RESOLVER = host -> List.of(InetAddress.getAllByName(host));

    private static final Pattern NUMERIC_PART = Pattern.compile("0[xX][0-9a-fA-F]*|[0-9]+");
    private static final Pattern DOTTED_QUAD =
            Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    private OutboundUrlGuard() {
    }

    /** {@link #validate(String, boolean)} with private targets refused (production). */
    public static URI validate(String url) {
        return validate(url, false);
    }

    /**
     * Checks a URL before it is saved: syntax, host name and every address the host resolves to now.
     *
     * @throws LeadflowException {@link ErrorCode#URL_NOT_ALLOWED} with a reason safe to show the tenant
     */
    public static URI validate(String url, boolean allowPrivateTargets) {
        return validate(url, allowPrivateTargets, SYSTEM_RESOLVER);
    }

    /** {@link #validate(String, boolean)} with a chosen resolver. */
    public static URI validate(String url, boolean allowPrivateTargets, Resolver resolver) {
        URI uri = checkUrl(url, allowPrivateTargets);
        String host = hostOf(uri);
        if (literalAddress(host).isPresent()) {
            return uri;
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw refused("host '" + host + "' does not resolve");
        }
        if (addresses.isEmpty()) {
            throw refused("host '" + host + "' does not resolve");
        }
        for (InetAddress address : addresses) {
            blockReason(address, allowPrivateTargets).ifPresent(reason -> {
                throw refused("host '" + host + "' resolves to a " + reason + " address");
            });
        }
        return uri;
    }

    /**
     * Checks everything that needs no DNS: scheme, user-info, length, blocked host names and IP literals in
     * any spelling ({@code 127.0.0.1}, {@code 2130706433}, {@code 0x7f.1}, {@code [::ffff:127.0.0.1]}).
     * Host names still need their resolved addresses checked by the caller.
     *
     * @throws LeadflowException {@link ErrorCode#URL_NOT_ALLOWED}
     */
    public static URI checkUrl(String url, boolean allowPrivateTargets) {
        if (url == null || url.isBlank()) {
            throw refused("URL is required");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw refused("URL is longer than " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw refused("URL is malformed");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw refused("only http and https URLs are allowed");
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            throw refused("URLs with user-info (user:password@) are not allowed");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            // java.net.URI gives no host for spellings like 0x7f.1 or 127.1; say what they really are.
            String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority().replaceFirst(":\\d*$", "");
            literalAddress(authority).flatMap(address -> blockReason(address, allowPrivateTargets)).ifPresent(reason -> {
                throw refused("host is a " + reason + " address");
            });
            throw refused("URL has no valid host");
        }
        String host = hostOf(uri);
        if (host.contains("%")) {
            throw refused("IPv6 zone identifiers are not allowed");
        }
        Optional<InetAddress> literal = literalAddress(host);
        if (literal.isPresent()) {
            blockReason(literal.get(), allowPrivateTargets).ifPresent(reason -> {
                throw refused("host is a " + reason + " address");
            });
            if (!host.contains(":") && !DOTTED_QUAD.matcher(host).matches()) {
                throw refused("IPv4 addresses must be written as four decimal octets");
            }
            return uri;
        }
        if (looksNumeric(host)) {
            throw refused("host is not a valid IP address");
        }
        nameBlockReason(host, allowPrivateTargets).ifPresent(reason -> {
            throw refused("host '" + host + "' is a " + reason + " name");
        });
        return uri;
    }

    /**
     * Why an address must not be called, or empty if it may. Embedded IPv4 addresses (mapped, compatible,
     * NAT64, 6to4, Teredo) are judged as the IPv4 address they carry.
     */
    public static Optional<String> blockReason(InetAddress address, boolean allowPrivateTargets) {
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            Optional<byte[]> embedded = embeddedIpv4(b);
            if (embedded.isPresent()) {
                return ipv4Reason(embedded.get(), allowPrivateTargets);
            }
            return ipv6Reason(b, allowPrivateTargets);
        }
        return ipv4Reason(b, allowPrivateTargets);
    }

    /**
     * The address a host spells literally, or empty for a host name. IPv4 is read the way {@code inet_aton}
     * (and therefore curl and most HTTP clients) reads it: one to four parts, each decimal, {@code 0x} hex or
     * leading-zero octal.
     */
    public static Optional<InetAddress> literalAddress(String host) {
        String h = stripBrackets(host);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        try {
            if (h.contains(":")) {
                if (!h.matches("[0-9a-fA-F:.]+")) {
                    return Optional.empty();
                }
                return Optional.of(InetAddress.getByName(h));
            }
            return parseInetAton(h).map(bytes -> {
                try {
                    return InetAddress.getByAddress(bytes);
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<byte[]> parseInetAton(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length < 1 || parts.length > 4) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!NUMERIC_PART.matcher(parts[i]).matches()) {
                return Optional.empty();
            }
            Long value = parseNumber(parts[i]);
            if (value == null) {
                return Optional.empty();
            }
            values[i] = value;
        }
        long result = 0;
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 0xFF) {
                return Optional.empty();
            }
            result |= values[i] << (24 - 8 * i);
        }
        long last = values[values.length - 1];
        long lastMax = (1L << (8 * (5 - values.length))) - 1;
        if (last > lastMax) {
            return Optional.empty();
        }
        result |= last;
        return Optional.of(new byte[] {
                (byte) (result >>> 24), (byte) (result >>> 16), (byte) (result >>> 8), (byte) result});
    }

    private static Long parseNumber(String part) {
        try {
            if (part.startsWith("0x") || part.startsWith("0X")) {
                return part.length() == 2 ? 0L : Long.parseLong(part.substring(2), 16);
            }
            if (part.length() > 1 && part.startsWith("0")) {
                return Long.parseLong(part.substring(1), 8);
            }
            return Long.parseLong(part);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Hosts made only of number-like labels are IP attempts (WHATWG URL treats them so), never names. */
    private static boolean looksNumeric(String host) {
        String[] labels = host.split("\\.");
        return labels.length > 0 && NUMERIC_PART.matcher(labels[labels.length - 1]).matches();
    }

    private static Optional<String> nameBlockReason(String host, boolean allowPrivateTargets) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.equals("metadata.google.internal") || name.equals("metadata")
                || name.equals("instance-data") || name.equals("instance-data.ec2.internal")) {
            return Optional.of("cloud metadata");
        }
        if (allowPrivateTargets) {
            return Optional.empty();
        }
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return Optional.of("loopback");
        }
        if (name.endsWith(".internal") || name.endsWith(".local") || name.endsWith(".localdomain")
                || !name.contains(".")) {
            return Optional.of("private network");
        }
        return Optional.empty();
    }

    private static Optional<byte[]> embeddedIpv4(byte[] b) {
        boolean first10Zero = allZero(b, 0, 10);
        if (first10Zero && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
            return Optional.of(slice(b, 12)); // ::ffff:a.b.c.d (mapped)
        }
        if (first10Zero && b[10] == 0 && b[11] == 0 && !(allZero(b, 12, 15) && (b[15] == 0 || b[15] == 1))) {
            return Optional.of(slice(b, 12)); // ::a.b.c.d (compatible), but not :: or ::1
        }
        if (b[0] == 0 && b[1] == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B && allZero(b, 4, 12)) {
            return Optional.of(slice(b, 12)); // 64:ff9b::/96 (NAT64)
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return Optional.of(new byte[] {b[2], b[3], b[4], b[5]}); // 2002::/16 (6to4)
        }
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
            return Optional.of(new byte[] {(byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]}); // Teredo client
        }
        return Optional.empty();
    }

    private static Optional<String> ipv4Reason(byte[] b, boolean allowPrivate) {
        int a0 = b[0] & 0xFF;
        int a1 = b[1] & 0xFF;
        int a2 = b[2] & 0xFF;
        int a3 = b[3] & 0xFF;
        // Always refused, whatever the development setting.
        if ((a0 == 169 && a1 == 254 && a2 == 169 && a3 == 254) || (a0 == 169 && a1 == 254 && a2 == 170 && a3 == 2)
                || (a0 == 100 && a1 == 100 && a2 == 100 && a3 == 200)) {
            return Optional.of("cloud metadata");
        }
        if (a0 == 0) {
            return Optional.of("unspecified");
        }
        if (a0 >= 224 && a0 <= 239) {
            return Optional.of("multicast");
        }
        if (a0 >= 240) {
            return Optional.of("reserved");
        }
        if (a0 == 192 && a1 == 0 && a2 == 0) {
            return Optional.of("reserved");
        }
        if (allowPrivate) {
            return Optional.empty();
        }
        if (a0 == 127) {
            return Optional.of("loopback");
        }
        if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)) {
            return Optional.of("private");
        }
        if (a0 == 169 && a1 == 254) {
            return Optional.of("link-local");
        }
        if (a0 == 100 && a1 >= 64 && a1 <= 127) {
            return Optional.of("carrier-grade NAT");
        }
        if (a0 == 198 && (a1 == 18 || a1 == 19)) {
            return Optional.of("private"); // benchmarking networks, never on the internet
        }
        return Optional.empty();
    }

    private static Optional<String> ipv6Reason(byte[] b, boolean allowPrivate) {
        int h0 = b[0] & 0xFF;
        int h1 = b[1] & 0xFF;
        if (isEc2Metadata(b)) {
            return Optional.of("cloud metadata");
        }
        if (allZero(b, 0, 16)) {
            return Optional.of("unspecified");
        }
        if (h0 == 0xFF) {
            return Optional.of("multicast");
        }
        if (allowPrivate) {
            return Optional.empty();
        }
        if (allZero(b, 0, 15) && b[15] == 1) {
            return Optional.of("loopback");
        }
        if ((h0 & 0xFE) == 0xFC) {
            return Optional.of("unique-local");
        }
        if (h0 == 0xFE && (h1 & 0xC0) == 0x80) {
            return Optional.of("link-local");
        }
        if (h0 == 0xFE && (h1 & 0xC0) == 0xC0) {
            return Optional.of("site-local");
        }
        return Optional.empty();
    }

    /** fd00:ec2::254, the IPv6 address of the EC2 instance metadata service. */
    private static boolean isEc2Metadata(byte[] b) {
        return (b[0] & 0xFF) == 0xFD && b[1] == 0 && b[2] == 0x0E && (b[3] & 0xFF) == 0xC2
                && allZero(b, 4, 14) && b[14] == 0x02 && b[15] == 0x54;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] slice(byte[] b, int from) {
        return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
    }

    private static String hostOf(URI uri) {
        return stripBrackets(uri.getHost());
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static LeadflowException refused(String reason) {
        return new LeadflowException(ErrorCode.URL_NOT_ALLOWED, "URL not allowed: " + reason);
    }
}
