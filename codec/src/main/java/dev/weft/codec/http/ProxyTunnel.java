package dev.weft.codec.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The opening of a tunnel through an HTTP proxy (RFC 9110 §9.3.6), with no I/O: the
 * {@code CONNECT} request to write, then the proxy's answer read as it arrives. A 2xx answer
 * means that from the byte after its head on, the connection is a byte stream to the target, on
 * which TLS and the WebSocket handshake run as if connected directly.
 *
 * <pre>{@code
 * write(tunnel.request());
 * while (!tunnel.receive(readSome())) { }   // throws if the proxy refuses
 * // now speak TLS or HTTP to the target
 * }</pre>
 *
 * <p>The client speaks first inside the tunnel (TLS and HTTP both do), so a proxy has no reason
 * to send anything after its answer; a transport that reads the answer byte by byte never reads
 * past it. Not thread-safe.
 */
public final class ProxyTunnel {

    private final HttpProxy proxy;
    private final String target;
    private final HttpResponseParser parser = new HttpResponseParser();
    private boolean established;

    /**
     * Prepares a tunnel to {@code host:port} through {@code proxy}.
     *
     * @param proxy the proxy
     * @param host  the target host (an IPv6 address without brackets)
     * @param port  the target port
     */
    public ProxyTunnel(HttpProxy proxy, String host, int port) {
        this.proxy = Objects.requireNonNull(proxy, "proxy");
        // The request target of CONNECT is the authority form, host:port (RFC 9112 §3.2.3).
        this.target = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * Returns the {@code CONNECT} request.
     *
     * @return a new buffer holding the request head, ready to write; the caller owns it
     */
    public ByteBuffer request() {
        StringBuilder head = new StringBuilder(128)
                .append("CONNECT ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(target).append("\r\n");
        String authorization = proxy.authorization();
        if (authorization != null) {
            head.append("Proxy-Authorization: ").append(authorization).append("\r\n");
        }
        head.append("\r\n");
        return ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads on in the proxy's answer.
     *
     * @param in bytes from the proxy, owned by the caller; consumed from its position up to the end
     *           of the answer's head at most, so that any later byte stays in the buffer
     * @return whether the tunnel is open now
     * @throws ProxyRefusedException if the proxy answered anything but 2xx, or its answer is
     *                               malformed
     */
    public boolean receive(ByteBuffer in) throws ProxyRefusedException {
        if (established) {
            return true;
        }
        HttpResponseHead head;
        try {
            head = parser.parse(in);
        } catch (HttpException e) {
            throw new ProxyRefusedException(0, "the proxy " + proxy.authority() + " sent a malformed answer: " + e.getMessage());
        }
        if (head == null) {
            return false;
        }
        int status = head.status();
        if (status >= 200 && status < 300) {
            established = true;
            return true;
        }
        String reason = head.reason() == null || head.reason().isEmpty() ? "" : " " + head.reason();
        String hint = switch (status) {
            case 407 -> proxy.username() == null ? " (it wants credentials: http://user:password@host:port)"
                    : " (it refused the credentials)";
            case 403 -> " (it does not allow tunnels to " + target + ")";
            default -> "";
        };
        throw new ProxyRefusedException(status, "the proxy " + proxy.authority() + " answered " + status + reason
                + " to CONNECT " + target + hint);
    }

    /**
     * Returns whether the proxy has accepted the tunnel.
     *
     * @return whether a 2xx answer has been read
     */
    public boolean isEstablished() {
        return established;
    }
}
