package io.hijackwatch.notify;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The HTTP client's name resolution, with the destination policy applied to every answer: the client connects only
 * to addresses that were checked, so a name that resolves to a public address at registration and to a private one
 * later (DNS rebinding) is refused at the send.
 */
final class GuardedDnsResolver implements DnsResolver {

    private final DestinationPolicy policy;

    GuardedDnsResolver(DestinationPolicy policy) {
        this.policy = policy;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return policy.resolve(host);
    }

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        return Arrays.stream(policy.resolve(host))
                .map(address -> new InetSocketAddress(address, port))
                .toList();
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return policy.resolve(host)[0].getCanonicalHostName();
    }
}
