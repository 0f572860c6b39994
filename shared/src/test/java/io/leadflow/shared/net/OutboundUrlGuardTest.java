package io.leadflow.shared.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.error.LeadflowException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundUrlGuardTest {

    /** A DNS table, so name-based cases need no network. */
    private static final Map<String, List<String>> DNS = Map.of(
            "hooks.example.com", List.of("93.184.216.34"),
            "rebind.example.com", List.of("93.184.216.34", "10.0.0.7"),
            "inside.example.com", List.of("192.168.1.20"),
            "metadata-alias.example.com", List.of("169.254.169.254"),
            "v6only.example.com", List.of("2606:2800:220:1:248:1893:25c8:1946"),
            "v6loop.example.com", List.of("::1"));

    private static final OutboundUrlGuard.Resolver TABLE = host -> {
        List<String> ips = DNS.get(host);
        if (ips == null) {
            throw new UnknownHostException(host);
        }
        return ips.stream().map(OutboundUrlGuardTest::ip).toList();
    };

    @ParameterizedTest
    @ValueSource(strings = {
            "https://hooks.example.com/leadflow",
            "http://hooks.example.com:8080/path?x=1",
            "https://93.184.216.34/hook",
            "https://[2606:2800:220:1:248:1893:25c8:1946]/hook",
            "https://v6only.example.com/hook"})
    void publicTargetsAreAllowed(String url) {
        assertThat(OutboundUrlGuard.validate(url, false, TABLE)).hasToString(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1/",
            "http://127.8.9.10:9000/x",
            "http://10.1.2.3/",
            "http://172.16.0.1/",
            "http://172.31.255.254/",
            "http://192.168.0.10/",
            "http://169.254.10.10/",
            "http://100.64.0.1/",
            "http://100.127.255.254/",
            "http://0.0.0.0/",
            "http://224.0.0.1/",
            "http://239.255.255.250/",
            "http://255.255.255.255/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]/",
            "http://[::]/",
            "http://[fc00::1]/",
            "http://[fd12:3456:789a::1]/",
            "http://[fe80::1]/",
            "http://[ff02::1]/",
            "http://[fd00:ec2::254]/latest/meta-data/"})
    void internalAddressLiteralsAreRefused(String url) {
        assertRefused(url, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://2130706433/",          // 127.0.0.1 as one decimal number
            "http://017700000001/",        // 127.0.0.1 as one octal number
            "http://0x7f000001/",          // 127.0.0.1 as one hex number
            "http://0x7f.1/",              // 127.0.0.1, hex first part, short form
            "http://127.1/",               // 127.0.0.1, short form
            "http://0177.0.0.1/",          // 127.0.0.1 with an octal first octet
            "http://3232235521/",          // 192.168.0.1
            "http://2852039166/",          // 169.254.169.254
            "http://127.0.0.1./",          // trailing dot
            "http://[::ffff:127.0.0.1]/",  // IPv4-mapped IPv6
            "http://[::ffff:7f00:1]/",     // IPv4-mapped, hex spelling
            "http://[::127.0.0.1]/",       // IPv4-compatible IPv6
            "http://[64:ff9b::a9fe:a9fe]/",// NAT64 of 169.254.169.254
            "http://[2002:a00:1::]/",      // 6to4 of 10.0.0.1
            "http://[::ffff:169.254.169.254]/"})
    void disguisedInternalAddressesAreRefused(String url) {
        assertRefused(url, false);
    }

    @Test
    void decimalEncodedLoopbackIsNamedForWhatItIs() {
        assertThatThrownBy(() -> OutboundUrlGuard.validate("http://2130706433/", false, TABLE))
                .hasMessageContaining("loopback");
        assertThatThrownBy(() -> OutboundUrlGuard.validate("http://0x7f.1/", false, TABLE))
                .hasMessageContaining("loopback");
    }

    @Test
    void aPublicAddressInAnOddSpellingIsStillRefused() {
        // 134744072 is 8.8.8.8; we only call addresses spelled as four decimal octets.
        assertRefused("http://134744072/", false);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ftp://hooks.example.com/",
            "file:///etc/passwd",
            "gopher://hooks.example.com/",
            "javascript:alert(1)",
            "//hooks.example.com/",
            "hooks.example.com/path",
            "https://user:secret@hooks.example.com/",
            "https://user@hooks.example.com/",
            "https://hooks.example.com@127.0.0.1/",
            "http://[fe80::1%25eth0]/",
            "http://exa_mple.com/",
            "http:///nohost",
            "",
            "   "})
    void malformedOrDisallowedUrlsAreRefused(String url) {
        assertRefused(url, false);
    }

    @Test
    void nullAndOverlongUrlsAreRefused() {
        assertRefused(null, false);
        assertRefused("https://hooks.example.com/" + "a".repeat(OutboundUrlGuard.MAX_URL_LENGTH), false);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://localhost:8080/",
            "http://api.localhost/",
            "http://metadata.google.internal/computeMetadata/v1/",
            "http://db.internal/",
            "http://printer.local/",
            "http://webhook-receiver/"})
    void internalHostNamesAreRefusedWithoutResolving(String url) {
        assertRefused(url, false);
    }

    @Test
    void aNameResolvingToAPrivateAddressIsRefused() {
        assertThatThrownBy(() -> OutboundUrlGuard.validate("https://inside.example.com/", false, TABLE))
                .isInstanceOf(LeadflowException.class)
                .hasMessageContaining("private");
    }

    @Test
    void aNameWithOnePrivateAmongPublicAddressesIsRefused() {
        assertRefused("https://rebind.example.com/", false);
    }

    @Test
    void aNameResolvingToTheMetadataServiceIsRefused() {
        assertThatThrownBy(() -> OutboundUrlGuard.validate("https://metadata-alias.example.com/", false, TABLE))
                .hasMessageContaining("cloud metadata");
        assertRefused("https://v6loop.example.com/", false);
    }

    @Test
    void anUnresolvableNameIsRefusedOnSave() {
        assertThatThrownBy(() -> OutboundUrlGuard.validate("https://nowhere.example.com/", false, TABLE))
                .hasMessageContaining("does not resolve");
    }

    @Test
    void theDevelopmentSettingAllowsLoopbackAndPrivateTargets() {
        for (String url : List.of("http://127.0.0.1:8080/hook", "http://localhost:9000/", "http://10.0.0.5/",
                "http://[::1]:8080/", "http://192.168.1.20/", "http://webhook-receiver:8080/")) {
            assertThat(OutboundUrlGuard.checkUrl(url, true)).hasToString(url);
        }
        assertThat(OutboundUrlGuard.validate("https://inside.example.com/", true, TABLE)).isNotNull();
    }

    @Test
    void theDevelopmentSettingNeverOpensMetadataMulticastOrUnspecified() {
        for (String url : List.of("http://169.254.169.254/", "http://[fd00:ec2::254]/", "http://0.0.0.0/",
                "http://224.0.0.1/", "http://[ff02::1]/", "http://[::]/", "http://metadata.google.internal/",
                "http://100.100.100.200/", "http://2852039166/")) {
            assertRefused(url, true);
        }
        assertRefused("https://metadata-alias.example.com/", true);
    }

    @Test
    void blockReasonJudgesResolvedAddresses() {
        assertThat(OutboundUrlGuard.blockReason(ip("127.0.0.1"), false)).contains("loopback");
        assertThat(OutboundUrlGuard.blockReason(ip("172.20.1.1"), false)).contains("private");
        assertThat(OutboundUrlGuard.blockReason(ip("172.32.0.1"), false)).isEmpty();
        assertThat(OutboundUrlGuard.blockReason(ip("100.63.255.255"), false)).isEmpty();
        assertThat(OutboundUrlGuard.blockReason(ip("100.64.0.0"), false)).contains("carrier-grade NAT");
        assertThat(OutboundUrlGuard.blockReason(ip("fe80::abcd"), false)).contains("link-local");
        assertThat(OutboundUrlGuard.blockReason(ip("fdff::1"), false)).contains("unique-local");
        assertThat(OutboundUrlGuard.blockReason(ip("2001:4860:4860::8888"), false)).isEmpty();
        assertThat(OutboundUrlGuard.blockReason(ip("8.8.8.8"), false)).isEmpty();
        assertThat(OutboundUrlGuard.blockReason(ip("127.0.0.1"), true)).isEmpty();
        assertThat(OutboundUrlGuard.blockReason(ip("169.254.169.254"), true)).contains("cloud metadata");
    }

    @Test
    void literalAddressReadsEveryIpv4Spelling() {
        assertThat(OutboundUrlGuard.literalAddress("2130706433")).contains(ip("127.0.0.1"));
        assertThat(OutboundUrlGuard.literalAddress("0x7f.0.0.1")).contains(ip("127.0.0.1"));
        assertThat(OutboundUrlGuard.literalAddress("10.1")).contains(ip("10.0.0.1"));
        assertThat(OutboundUrlGuard.literalAddress("192.168.257")).contains(ip("192.168.1.1"));
        assertThat(OutboundUrlGuard.literalAddress("[::1]")).contains(ip("::1"));
        assertThat(OutboundUrlGuard.literalAddress("hooks.example.com")).isEmpty();
        assertThat(OutboundUrlGuard.literalAddress("4294967296")).isEmpty(); // beyond 32 bits
        assertThat(OutboundUrlGuard.literalAddress("1.2.3.256")).isEmpty();
    }

    private static void assertRefused(String url, boolean allowPrivate) {
        assertThatThrownBy(() -> OutboundUrlGuard.validate(url, allowPrivate, TABLE))
                .isInstanceOfSatisfying(LeadflowException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.URL_NOT_ALLOWED));
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
