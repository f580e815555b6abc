package dev.weft.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The physical baseline: a plain NIO TCP echo with as many selector loops as Weft's NIO transport
 * (one per available processor). It knows nothing of WebSocket; whatever arrives goes back, so the
 * generator's masked client frames return unchanged. What it costs per message is what moving the
 * bytes through the kernel and one JVM selector costs, with no framing at all.
 */
final class TcpEchoServer implements EchoServer {

    /** Bytes read per call; the same order as the WebSocket servers' read buffers. */
    private static final int READ_BUFFER = 64 * 1024;

    private final ServerSocketChannel listener;
    private final Loop[] loops;
    private final Thread acceptor;
    private volatile boolean closed;

    private TcpEchoServer(ServerSocketChannel listener, Loop[] loops) {
        this.listener = listener;
        this.loops = loops;
        this.acceptor = Thread.ofPlatform().name("tcp-echo-accept").daemon().unstarted(this::accept);
    }

    /**
     * Starts the server.
     *
     * @param port the port, 0 for any
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    static TcpEchoServer start(int port) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress("127.0.0.1", port), 1024);
        Loop[] loops = new Loop[Runtime.getRuntime().availableProcessors()];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new Loop(Selector.open(), "tcp-echo-" + i);
            loops[i].thread.start();
        }
        TcpEchoServer server = new TcpEchoServer(listener, loops);
        server.acceptor.start();
        return server;
    }

    @Override
    public int port() {
        return listener.socket().getLocalPort();
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Loop loop : loops) {
            loop.close();
        }
    }

    /** Hands accepted connections to the loops in turn. */
    private void accept() {
        int next = 0;
        while (!closed) {
            try {
                SocketChannel channel = listener.accept();
                channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                loops[next++ % loops.length].adopt(channel);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("tcp-echo: accept failed: " + e);
                }
                return;
            }
        }
    }

    /**
     * One selector thread. A connection is either reading or, while the kernel will not take all
     * it read, writing the rest: it stops reading until that is out, so it never queues more than
     * one read's worth.
     */
    private static final class Loop {
        private final Selector selector;
        private final Thread thread;
        private final Queue<SocketChannel> incoming = new ConcurrentLinkedQueue<>();
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(READ_BUFFER);
        private volatile boolean closed;

        Loop(Selector selector, String name) {
            this.selector = selector;
            this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
        }

        void adopt(SocketChannel channel) {
            incoming.add(channel);
            selector.wakeup();
        }

        void close() {
            closed = true;
            selector.wakeup();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void run() {
            try (selector) {
                while (!closed) {
                    selector.select(this::ready);
                    SocketChannel channel;
                    while ((channel = incoming.poll()) != null) {
                        channel.register(selector, SelectionKey.OP_READ);
                    }
                }
                for (SelectionKey key : selector.keys()) {
                    key.channel().close();
                }
            } catch (IOException | ClosedSelectorException e) {
                if (!closed) {
                    System.err.println("tcp-echo: loop failed: " + e);
                }
            }
        }

        private void ready(SelectionKey key) {
            SocketChannel channel = (SocketChannel) key.channel();
            try {
                if (key.isWritable()) {
                    ByteBuffer pending = (ByteBuffer) key.attachment();
                    channel.write(pending);
                    if (!pending.hasRemaining()) {
                        key.attach(null);
                        key.interestOps(SelectionKey.OP_READ);
                    }
                } else if (key.isReadable()) {
                    buffer.clear();
                    if (channel.read(buffer) < 0) {
                        channel.close();
                        return;
                    }
                    buffer.flip();
                    channel.write(buffer);
                    if (buffer.hasRemaining()) {
                        ByteBuffer pending = ByteBuffer.allocate(buffer.remaining());
                        pending.put(buffer).flip();
                        key.attach(pending);
                        key.interestOps(SelectionKey.OP_WRITE);
                    }
                }
            } catch (ClosedChannelException e) {
                key.cancel();
            } catch (IOException e) {
                // The peer reset the connection: that ends it, and the generator says why if it cares.
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // already gone
                }
            }
        }
    }
}
