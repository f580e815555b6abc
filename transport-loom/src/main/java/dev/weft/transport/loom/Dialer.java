package dev.weft.transport.loom;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A client's TCP connect, on the calling virtual thread: name resolution, then a connect bounded
 * by what is left of the connect timeout. Failures carry the messages the transports share:
 * {@code cannot resolve host 'x'}, {@code connection refused: host:port},
 * {@code connect to host:port timed out after N ms}.
 */
final class Dialer {
    private Dialer() {
    }

    /**
     * Connects.
     *
     * @param adopt told the channel before the connect starts, so that it can be closed from
     *              another thread; returns false if the connection was abandoned meanwhile
     */
    static SocketChannel open(String host, int port, Duration timeout, Predicate<SocketChannel> adopt) throws IOException {
        long limit = timeout.isZero() ? Long.MAX_VALUE : timeout.toNanos();
        long begin = System.nanoTime();
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            UnknownHostException named = new UnknownHostException("cannot resolve host '" + host + "'");
            named.initCause(e);
            throw named;
        }
        long left = limit == Long.MAX_VALUE ? limit : limit - (System.nanoTime() - begin);
        if (left <= 0) {
            throw timedOut(host, port, timeout);
        }
        SocketChannel channel = SocketChannel.open();
        if (!adopt.test(channel)) {
            channel.close();
            throw new IOException("the transport closed while connecting to " + HostPort.of(host, port));
        }
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            int millis = left == Long.MAX_VALUE ? 0
                    : (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left)));
            channel.socket().connect(new InetSocketAddress(address, port), millis);
            return channel;
        } catch (SocketTimeoutException e) {
            channel.close();
            throw timedOut(host, port, timeout);
        } catch (ConnectException e) {
            channel.close();
            ConnectException named = new ConnectException("connection refused: " + HostPort.of(host, port));
            named.initCause(e);
            throw named;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static SocketTimeoutException timedOut(String host, int port, Duration timeout) {
        return new SocketTimeoutException("connect to " + HostPort.of(host, port) + " timed out after "
                + timeout.toMillis() + " ms");
    }
}
