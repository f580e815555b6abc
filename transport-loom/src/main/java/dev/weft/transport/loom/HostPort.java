package dev.weft.transport.loom;

import java.net.InetSocketAddress;

/** Formats {@code host:port} for messages, with brackets around an IPv6 address. */
final class HostPort {
    private HostPort() {
    }

    static String of(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    static String of(InetSocketAddress address) {
        return of(address.getHostString(), address.getPort());
    }
}
