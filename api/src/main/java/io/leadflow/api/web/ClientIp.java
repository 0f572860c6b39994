package io.leadflow.api.web;

import jakarta.servlet.http.HttpServletRequest;

/** The caller's address for rate limiting; IPv6 addresses are reduced to their /64 so one host can't rotate. */
final class ClientIp {

    private ClientIp() {
    }

    static String of(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        if (address != null && address.contains(":")) {
            String[] groups = address.split(":");
            if (groups.length >= 4) {
                return groups[0] + ":" + groups[1] + ":" + groups[2] + ":" + groups[3] + "::/64";
            }
        }
        return address;
    }
}
