package dev.weft.transport.loom;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** Layers TLS on a connected socket the same way for every connection: TLS 1.3 and 1.2 only. */
final class TlsSockets {

    /** The protocol versions Weft speaks, best first. */
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private TlsSockets() {
    }

    /** The server end: server mode, nothing consumed yet. */
    static TlsLink server(SSLContext context, SocketChannel channel) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(channel.socket(), null, true);
        socket.setUseClientMode(false);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(protocols(socket));
        socket.setSSLParameters(parameters);
        return new TlsLink(channel, socket);
    }

    /**
     * The client end: SNI for a host name, and the HTTPS rules of endpoint identification, so a
     * certificate for another name fails the handshake.
     */
    static TlsLink client(SSLContext context, SocketChannel channel, String host, int port) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(channel.socket(), host, port, true);
        socket.setUseClientMode(true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(protocols(socket));
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isAddressLiteral(host)) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        socket.setSSLParameters(parameters);
        return new TlsLink(channel, socket);
    }

    private static String[] protocols(SSLSocket socket) {
        List<String> supported = Arrays.asList(socket.getSupportedProtocols());
        String[] enabled = PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new);
        if (enabled.length == 0) {
            throw new IllegalStateException("this JDK supports neither TLSv1.3 nor TLSv1.2");
        }
        return enabled;
    }

    private static boolean isAddressLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true; // IPv6
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }
}
