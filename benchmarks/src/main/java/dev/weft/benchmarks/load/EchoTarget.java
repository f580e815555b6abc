package dev.weft.benchmarks.load;

import java.net.InetSocketAddress;
import java.net.URI;

/**
 * Where the load generator connects.
 *
 * @param name      what to call the server in messages, such as {@code netty}
 * @param host      the server's address
 * @param port      the server's port
 * @param webSocket whether to run the opening handshake on {@link EchoServer#PATH} and expect
 *                  unmasked server frames; {@code false} for a plain TCP echo, which sends the
 *                  generator's own masked frames back
 */
record EchoTarget(String name, String host, int port, boolean webSocket) {

    /**
     * Returns the socket address to connect to.
     *
     * @return the address
     */
    InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }

    /**
     * Returns the WebSocket URI of the echo.
     *
     * @return {@code ws://host:port/echo}
     */
    URI uri() {
        return URI.create("ws://" + host + ":" + port + EchoServer.PATH);
    }
}
