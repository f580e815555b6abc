package dev.weft.benchmarks;

import dev.weft.codec.frame.FrameEncoder;
import dev.weft.codec.frame.FrameHeader;
import dev.weft.codec.frame.Opcode;
import dev.weft.codec.engine.Outbound;
import dev.weft.codec.engine.OutputPool;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.engine.WebSocketProtocol;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Encoding one final binary frame per operation, Weft beside Netty 4.2's
 * {@code WebSocket13FrameEncoder}, from the same payload, each on the path its connections take,
 * allocation included. ops/s is frames per second; ops/s × {@code size} is payload bytes per second.
 *
 * <ul>
 *   <li>{@code weft}: the engine's real path, set up as a transport sets it up (frames built in
 *       an {@link OutputPool} of direct buffers): {@code WebSocketProtocol.sendBinary} copies the
 *       payload behind the header into a pooled buffer (masked, for a client) and returns the
 *       send's future, {@code pollOutput} takes the frame as a transport does, and the write is
 *       reported done, which gives the buffer back.</li>
 *   <li>{@code weftNoStage}: the same with {@code offerBinary}, the send without a completion
 *       stage that echo handlers use: no future, so nothing is allocated per frame.</li>
 *   <li>{@code netty}: a {@code BinaryWebSocketFrame} wrapping the payload, as a Netty application
 *       writes one, through Netty's encoder called directly ({@link NettyDirectEncoder}), its
 *       buffers from the pooled allocator and released after the sink took them.</li>
 * </ul>
 * Client-to-server frames are masked with a fresh key per frame (§5.3), the caller's payload
 * left as it was. Weft copies every payload once, into direct memory the socket writes from, so
 * the caller's buffer is free when the send returns; Netty copies below
 * {@link FrameEncoder#GATHERING_THRESHOLD} bytes and, from it on, passes a server's payload on
 * uncopied behind a header buffer (its caller hands the buffer over until written). Every buffer of
 * the frame goes to the sink (a blackhole).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {NettyFlags.LEAK_DETECTION_OFF, NettyFlags.POOLED_ALLOCATOR})
public class EncodeBenchmark {

    /** Payload bytes per frame. */
    @Param({"16", "125", "1024", "65536", "1048576"})
    public int size;

    /** {@code client-to-server} (masked) or {@code server-to-client} (unmasked). */
    @Param({"client-to-server", "server-to-client"})
    public String direction;

    private Sink sink;
    private byte[] payloadBytes;

    private WebSocketProtocol weftEngine;
    private ByteBuffer weftPayload;

    private ByteBuffer framePayload;
    private ByteBuffer frameOut;
    private FrameEncoder frameEncoder;
    private boolean gather;

    private EmbeddedChannel nettyChannel;
    private NettyDirectEncoder nettyEncoder;
    private ChannelHandlerContext nettyContext;

    /**
     * Builds the payload and both encoders.
     *
     * @param blackhole where the frames go
     */
    @Setup
    public void setUp(Blackhole blackhole) {
        setUp(Sink.of(blackhole));
    }

    void setUp(Sink sink) {
        this.sink = sink;
        Direction way = Direction.of(direction);
        payloadBytes = Payloads.binary(size);
        // The engine a connection has: a client's keys come from the strong source.
        weftEngine = new WebSocketProtocol(ProtocolConfig.defaults(way.sender()));
        weftEngine.useOutput(OutputPool.direct(), null); // as a transport does, with its loop's pool
        weftPayload = ByteBuffer.wrap(payloadBytes); // the engine moves neither position nor limit

        framePayload = ByteBuffer.wrap(payloadBytes);
        frameOut = ByteBuffer.allocate(FrameHeader.encodedLength(size, way.masked()) + size);
        frameEncoder = new FrameEncoder(way.sender());
        gather = !way.masked() && size >= FrameEncoder.GATHERING_THRESHOLD;

        nettyEncoder = new NettyDirectEncoder(way.masked());
        nettyChannel = new EmbeddedChannel(nettyEncoder);
        // Pooled whatever the defaults say, as a Netty server runs (the forks ask for it as well).
        nettyChannel.config().setAllocator(PooledByteBufAllocator.DEFAULT);
        nettyContext = nettyChannel.pipeline().context(nettyEncoder);
    }

    /** Closes Netty's channel. */
    @TearDown
    public void tearDown() {
        nettyChannel.finishAndReleaseAll();
    }

    /**
     * Weft's engine: send, then take the output as a transport does.
     *
     * @throws IllegalStateException if the engine queued nothing, or more than the frame
     */
    @Benchmark
    public void weft() {
        weftEngine.sendBinary(weftPayload);
        takeFrame();
    }

    /**
     * Weft's engine, sending without a completion stage: send, then take the output.
     *
     * @throws IllegalStateException if the engine refused the send, queued nothing, or more than the frame
     */
    @Benchmark
    public void weftNoStage() {
        if (!weftEngine.offerBinary(weftPayload)) {
            throw new IllegalStateException("the engine refused the send");
        }
        takeFrame();
    }

    private void takeFrame() {
        Outbound frame = weftEngine.pollOutput();
        if (frame == null || weftEngine.hasOutput()) {
            throw new IllegalStateException("the engine should queue exactly one frame");
        }
        for (ByteBuffer b : frame.buffers()) {
            sink.take(b);
        }
        frame.complete();
    }

    /**
     * Netty's encoder, called directly.
     *
     * @throws Exception as Netty's encoder throws it
     */
    @Benchmark
    public void netty() throws Exception {
        nettyEncoder.encodeTo(nettyContext, new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payloadBytes)), sink);
    }

    /**
     * Weft's frame layer alone, into one reused buffer: not a benchmark subject (no connection
     * writes this way), kept for the test that the frame layer allocates nothing.
     */
    void frameLayer() {
        frameOut.clear();
        if (gather) {
            frameEncoder.writeHeader(Opcode.BINARY, true, 0, size, frameOut);
            sink.take(frameOut.flip());
            sink.take(framePayload);
        } else {
            frameEncoder.start(Opcode.BINARY, true, 0, framePayload);
            frameEncoder.encode(frameOut);
            sink.take(frameOut.flip());
        }
    }
}
