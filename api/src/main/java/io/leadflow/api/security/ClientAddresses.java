package io.leadflow.api.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * The caller's address for rate limiting. {@code X-Forwarded-For} is believed only when the connection comes from a
 * configured trusted proxy ({@code leadflow.api.trusted-proxies}): then the client is the right-most address that is
 * not itself a trusted proxy. Anybody else's header is ignored, so a client cannot choose its own rate-limit key.
 * IPv6 addresses are reduced to their /64, so one host can't rotate through its prefix.
 */
final class ClientAddresses {

    private final List<IpAddressMatcher> trustedProxies;

    ClientAddresses(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(IpAddressMatcher::new).toList();
    }

    String of(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        if (trusted(address)) {
            String forwarded = request.getHeader("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                String[] hops = forwarded.split(",");
                for (int i = hops.length - 1; i >= 0; i--) {
                    String hop = hops[i].trim();
                    if (!isAddress(hop)) {
                        break; // garbage in the header: stop at the last hop we can vouch for
                    }
                    address = hop;
                    if (!trusted(hop)) {
                        break;
                    }
                }
            }
        }
        return reduce(address);
    }

    private boolean trusted(String address) {
        if (address == null || trustedProxies.isEmpty() || !isAddress(address)) {
            return false;
        }
        for (IpAddressMatcher proxy : trustedProxies) {
            if (proxy.matches(address)) {
                return true;
            }
        }
        return false;
    }

    /** A literal IPv4 or IPv6 address (never a host name: matching one would resolve it). */
    private static boolean isAddress(String s) {
        return !s.isEmpty() && s.length() <= 45
                && s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')
                && (s.indexOf(':') >= 0 || s.matches("\\d{1,3}(\\.\\d{1,3}){3}"));
    }

    private static String reduce(String address) {
        if (address != null && address.contains(":")) {
            String[] groups = address.split(":");
            if (groups.length >= 4) {
                return groups[0] + ":" + groups[1] + ":" + groups[2] + ":" + groups[3] + "::/64";
            }
        }
        return address;
    }
}
