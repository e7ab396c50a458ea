package io.hijackwatch.notify;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv6.IPv6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which URLs a tenant's notifications may go to. Only {@code https} (plain {@code http} only to hosts the operator
 * allows), no user info, and every address a host resolves to must be public: loopback, private, link-local (the
 * cloud metadata address among them), carrier-grade NAT, multicast, reserved and documentation ranges, IPv6
 * unique-local and link-local, and IPv4 addresses embedded in IPv6 (mapped, compatible, NAT64, 6to4) that fall in
 * any of those are refused, unless the operator allows the range.
 */
final class DestinationPolicy {

    private static final List<Range> REFUSED = List.of(
            new Range("0.0.0.0/8", "an unspecified address"),
            new Range("10.0.0.0/8", "a private address"),
            new Range("100.64.0.0/10", "a carrier-grade NAT address"),
            new Range("127.0.0.0/8", "a loopback address"),
            new Range("169.254.0.0/16", "a link-local address (where cloud metadata services listen)"),
            new Range("172.16.0.0/12", "a private address"),
            new Range("192.0.0.0/24", "a reserved address"),
            new Range("192.0.2.0/24", "a documentation address"),
            new Range("192.168.0.0/16", "a private address"),
            new Range("198.18.0.0/15", "a benchmarking address"),
            new Range("198.51.100.0/24", "a documentation address"),
            new Range("203.0.113.0/24", "a documentation address"),
            new Range("224.0.0.0/4", "a multicast address"),
            new Range("240.0.0.0/4", "a reserved address"),
            new Range("::/128", "an unspecified address"),
            new Range("::1/128", "a loopback address"),
            new Range("100::/64", "a discard address"),
            new Range("2001:db8::/32", "a documentation address"),
            new Range("fc00::/7", "a unique-local address"),
            new Range("fe80::/10", "a link-local address"),
            new Range("fec0::/10", "a site-local address"),
            new Range("ff00::/8", "a multicast address"));

    private static final IPAddress NAT64 =
            new IPAddressString("64:ff9b::/96").getAddress().toPrefixBlock();
    private static final IPAddress IPV4_COMPATIBLE =
            new IPAddressString("::/96").getAddress().toPrefixBlock();

    /** Resolves a host name to its addresses; the system resolver in production. */
    @FunctionalInterface
    interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Set<String> allowHttpHosts;
    private final List<IPAddress> allowedNetworks;
    private final HostResolver resolver;

    DestinationPolicy(Set<String> allowHttpHosts, List<String> allowedNetworks, HostResolver resolver) {
        this.allowHttpHosts = allowHttpHosts.stream()
                .map(host -> host.toLowerCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.allowedNetworks =
                allowedNetworks.stream().map(DestinationPolicy::network).toList();
        this.resolver = resolver;
    }

    static DestinationPolicy of(NotificationProperties properties) {
        return new DestinationPolicy(
                properties.allowHttpHosts(), properties.allowedNetworks(), InetAddress::getAllByName);
    }

    /**
     * Checks a URL's form and every address its host resolves to now.
     *
     * @throws RefusedDestinationException saying what is wrong with it
     */
    void check(URI url) throws RefusedDestinationException {
        checkForm(url);
        resolve(host(url));
    }

    /** Checks what can be seen without resolving: scheme, user info, host. */
    void checkForm(URI url) throws RefusedDestinationException {
        if (!url.isAbsolute() || url.isOpaque()) {
            throw new RefusedDestinationException("The URL must be absolute, such as https://hooks.example.com/…");
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            throw new RefusedDestinationException("The URL has no host.");
        }
        if (url.getRawUserInfo() != null) {
            throw new RefusedDestinationException("The URL must not carry a user name or password.");
        }
        boolean httpAllowed = allowHttpHosts.contains(host(url).toLowerCase(Locale.ROOT));
        if (!scheme.equals("https") && !(scheme.equals("http") && httpAllowed)) {
            throw new RefusedDestinationException("Only https URLs are allowed.");
        }
    }

    /**
     * The host's addresses, every one of them allowed. A host with any refused address is refused as a whole, so
     * that a name cannot mix a public address with a private one.
     */
    InetAddress[] resolve(String host) throws RefusedDestinationException {
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new RefusedDestinationException("The host " + host + " cannot be resolved.");
        }
        for (InetAddress address : addresses) {
            String refusal = refusal(address);
            if (refusal != null) {
                throw new RefusedDestinationException("The host " + host + " resolves to " + address.getHostAddress()
                        + ", " + refusal + "; notifications only go to public addresses.");
            }
        }
        return addresses;
    }

    /** Why the address is refused, or {@code null} when it is allowed. */
    String refusal(InetAddress inet) {
        IPAddress address = new IPAddressString(inet.getHostAddress()).getAddress();
        if (address == null) {
            return "an address that cannot be read";
        }
        if (allowedNetworks.stream().anyMatch(network -> contains(network, address))) {
            return null;
        }
        for (IPAddress candidate : withEmbedded(address)) {
            for (Range range : REFUSED) {
                if (contains(range.network(), candidate)) {
                    return range.what();
                }
            }
        }
        return null;
    }

    private static List<IPAddress> withEmbedded(IPAddress address) {
        List<IPAddress> candidates = new ArrayList<>(List.of(address));
        if (address instanceof IPv6Address) {
            IPv6Address v6 = (IPv6Address) address;
            if (v6.isIPv4Mapped() || IPV4_COMPATIBLE.contains(v6) || NAT64.contains(v6)) {
                candidates.add(v6.getEmbeddedIPv4Address());
            }
            if (v6.is6To4()) {
                candidates.add(v6.get6To4IPv4Address());
            }
        }
        return candidates;
    }

    private static boolean contains(IPAddress network, IPAddress address) {
        return network.getIPVersion() == address.getIPVersion() && network.contains(address);
    }

    static String host(URI url) {
        String host = url.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static IPAddress network(String cidr) {
        IPAddress network = new IPAddressString(cidr.trim()).getAddress();
        if (network == null) {
            throw new IllegalArgumentException("Not an address range: " + cidr);
        }
        return network.toPrefixBlock();
    }

    private record Range(IPAddress network, String what) {
        Range(String cidr, String what) {
            this(new IPAddressString(cidr).getAddress().toPrefixBlock(), what);
        }
    }
}
