package io.leadflow.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressesTest {

    private static MockHttpServletRequest from(String remote, String forwarded) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(remote);
        if (forwarded != null) {
            request.addHeader("X-Forwarded-For", forwarded);
        }
        return request;
    }

    @Test
    void withoutTrustedProxies_theSocketAddressIsTheClient_whateverTheHeaderSays() {
        ClientAddresses addresses = new ClientAddresses(List.of());
        assertThat(addresses.of(from("203.0.113.9", "198.51.100.1"))).isEqualTo("203.0.113.9");
    }

    @Test
    void behindATrustedProxy_theRightmostUntrustedHopIsTheClient() {
        ClientAddresses addresses = new ClientAddresses(List.of("10.0.0.0/8", "192.168.1.5/32"));
        assertThat(addresses.of(from("10.1.2.3", "198.51.100.7"))).isEqualTo("198.51.100.7");
        // A client can prepend anything; only the hop our proxy added counts.
        assertThat(addresses.of(from("10.1.2.3", "1.2.3.4, 198.51.100.7"))).isEqualTo("198.51.100.7");
        assertThat(addresses.of(from("10.1.2.3", "198.51.100.7, 192.168.1.5"))).isEqualTo("198.51.100.7");
        assertThat(addresses.of(from("10.1.2.3", "not-an-ip"))).isEqualTo("10.1.2.3");
        assertThat(addresses.of(from("10.1.2.3", null))).isEqualTo("10.1.2.3");
        assertThat(addresses.of(from("203.0.113.9", "198.51.100.7"))).as("not from a trusted proxy").isEqualTo("203.0.113.9");
    }

    @Test
    void ipv6Clients_areCountedByTheirSlash64() {
        ClientAddresses addresses = new ClientAddresses(List.of());
        assertThat(addresses.of(from("2001:db8:1:2:3:4:5:6", null))).isEqualTo("2001:db8:1:2::/64");
    }
}
