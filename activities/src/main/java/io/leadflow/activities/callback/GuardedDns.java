package io.leadflow.activities.callback;

import io.leadflow.shared.net.OutboundUrlGuard;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import okhttp3.Dns;

/**
 * The SSRF guard at connection time: resolves a callback host and refuses it if any address is internal, so a name
 * that was public when the URL was saved cannot be pointed at our network later (DNS rebinding). OkHttp connects
 * only to the addresses this returns.
 */
final class GuardedDns implements Dns {

    /** A host refused by the guard; OkHttp surfaces it unchanged from {@code execute()}. */
    static final class BlockedHostException extends UnknownHostException {
        BlockedHostException(String message) {
            super(message);
        }
    }

    private final Dns delegate;
    private final boolean allowPrivateTargets;

    GuardedDns(Dns delegate, boolean allowPrivateTargets) {
        this.delegate = delegate;
        this.allowPrivateTargets = allowPrivateTargets;
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        List<InetAddress> addresses = delegate.lookup(hostname);
        for (InetAddress address : addresses) {
            Optional<String> reason = OutboundUrlGuard.blockReason(address, allowPrivateTargets);
            if (reason.isPresent()) {
                throw new BlockedHostException("host '" + hostname + "' resolves to a " + reason.get() + " address");
            }
        }
        return addresses;
    }
}
