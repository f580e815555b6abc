package dev.weft.transport.loom;

import dev.weft.codec.http.ProxyTunnel;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Opens a {@code CONNECT} tunnel on a connected, blocking channel to an HTTP proxy, before TLS
 * and the WebSocket handshake. The protocol is the codec's {@link ProxyTunnel}; this only moves
 * its bytes. The answer is read a byte at a time, so that nothing past its head is taken from
 * the stream: what follows belongs to TLS or HTTP inside the tunnel.
 */
final class ProxyDial {
    private ProxyDial() {
    }

    /**
     * Writes the request and reads the answer, within {@code timeoutMillis}.
     *
     * @param channel a connected channel in blocking mode, to the proxy
     * @throws dev.weft.codec.http.ProxyRefusedException if the proxy refuses
     * @throws SocketTimeoutException                     if it does not answer in time
     */
    static void open(SocketChannel channel, ProxyTunnel tunnel, String proxy, long timeoutMillis) throws IOException {
        ByteBuffer request = tunnel.request();
        while (request.hasRemaining()) {
            channel.write(request);
        }
        Socket socket = channel.socket();
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMillis)));
        InputStream in = socket.getInputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the proxy " + proxy + " closed the connection without answering CONNECT");
                }
                one.clear();
                one.put((byte) b).flip();
                if (tunnel.receive(one)) {
                    return;
                }
            }
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("the proxy " + proxy + " did not answer CONNECT within " + timeoutMillis + " ms");
        } finally {
            socket.setSoTimeout(0);
        }
    }
}
