package dev.weft.benchmarks.load;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ResourceLeakDetector;

/**
 * Netty 4.2's WebSocket echo, set up the way a fast Netty server usually is: NIO or epoll event
 * loops, the pooled allocator, the HTTP codec and aggregator for the upgrade, the protocol handler
 * (which answers pings and closes itself), and a handler that writes each data frame back and
 * flushes once per read burst.
 */
final class NettyEchoServer implements EchoServer {

    /** Enough for the upgrade request; the aggregator sees nothing after it. */
    private static final int MAX_UPGRADE_REQUEST = 64 * 1024;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel listener;

    private NettyEchoServer(EventLoopGroup boss, EventLoopGroup workers, Channel listener) {
        this.boss = boss;
        this.workers = workers;
        this.listener = listener;
    }

    /** Netty's two transports on Linux. */
    enum Transport {
        /** The JDK's selector, as Weft's NIO transport uses it. */
        NIO,
        /** Netty's native epoll transport. */
        EPOLL
    }

    /**
     * Starts the server.
     *
     * @param port the port, 0 for any
     * @param transport NIO or epoll
     * @return the running server
     * @throws InterruptedException if interrupted while binding
     * @throws IllegalStateException if epoll is asked for where Netty cannot load it
     */
    static NettyEchoServer start(int port, Transport transport) throws InterruptedException {
        return start(port, transport, Compression.NONE);
    }

    /**
     * Starts the server, taking permessage-deflate as {@code compression} says (Netty's
     * extension handler ahead of the protocol handler, which then lets RSV1 through).
     *
     * @param port the port, 0 for any
     * @param transport NIO or epoll
     * @param compression whether to negotiate permessage-deflate
     * @return the running server
     * @throws InterruptedException if interrupted while binding
     * @throws IllegalStateException if epoll is asked for where Netty cannot load it
     */
    static NettyEchoServer start(int port, Transport transport, Compression compression) throws InterruptedException {
        // Leak detection samples buffers and records stack traces: a debugging aid that a server
        // tuned for speed switches off (the child's command line says so too, see ServerJvm).
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        if (transport == Transport.EPOLL && !Epoll.isAvailable()) {
            throw new IllegalStateException("Netty's epoll transport is not available here: " + Epoll.unavailabilityCause());
        }
        IoHandlerFactory io = transport == Transport.EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channel = transport == Transport.EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
        // As many loops as Weft's NIO transport runs (one per available processor), not Netty's
        // default of two per processor, so both spread the same load over the same threads.
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), io);
        WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(PATH)
                .maxFramePayloadLength(MAX_MESSAGE)
                .allowExtensions(compression.on())
                .build();
        EchoFrames echo = new EchoFrames();
        try {
            Channel listener = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(channel)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    // Pooled whatever the defaults say; the child's command line asks for it too.
                    .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_UPGRADE_REQUEST));
                            if (compression.on()) {
                                ch.pipeline().addLast(compression.nettyServer());
                            }
                            ch.pipeline().addLast(new WebSocketServerProtocolHandler(ws), echo);
                        }
                    })
                    .bind("127.0.0.1", port).sync().channel();
            return new NettyEchoServer(boss, workers, listener);
        } catch (InterruptedException | RuntimeException e) {
            boss.shutdownGracefully();
            workers.shutdownGracefully();
            throw e;
        }
    }

    @Override
    public int port() {
        return ((java.net.InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        boss.shutdownGracefully().syncUninterruptibly();
        workers.shutdownGracefully().syncUninterruptibly();
    }

    /**
     * Writes every text, binary and continuation frame back as it arrived. The protocol handler
     * has already taken control frames, so every frame seen here is data.
     */
    @ChannelHandler.Sharable
    private static final class EchoFrames extends SimpleChannelInboundHandler<WebSocketFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            // The base class releases the frame after this call; the write takes its own reference.
            ctx.write(frame.retain());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }
}
