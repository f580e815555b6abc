package dev.weft.benchmarks;

import dev.weft.codec.frame.FrameEncoder;
import dev.weft.codec.frame.FrameHeader;
import dev.weft.codec.frame.Opcode;
import dev.weft.codec.engine.Outbound;
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
 *   <li>{@code weft}: the engine's real path: {@code WebSocketProtocol.sendBinary} queues the frame
 *       (a buffer allocated for it, or a header buffer beside the payload), {@code pollOutput}
 *       takes it as a transport does, and the write is reported done.</li>
 *   <li>{@code netty}: a {@code BinaryWebSocketFrame} wrapping the payload, as a Netty application
 *       writes one, through Netty's encoder called directly ({@link NettyDirectEncoder}), its
 *       buffers from the pooled allocator and released after the sink took them.</li>
 * </ul>
 * The two libraries agree on the shape of the frame: client-to-server frames are masked with a
 * fresh key per frame (§5.3) while the payload is copied behind the header into one buffer, the
 * caller's payload left as it was; server-to-client frames below
 * {@link FrameEncoder#GATHERING_THRESHOLD} bytes are copied behind the header, and from it on the
 * header goes alone and the payload is passed on uncopied, for a gathering write. Every buffer of
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
        weftEngine.sendBinary(ByteBuffer.wrap(payloadBytes));
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
     * writes this way, the engine allocates per frame), kept for the test that the frame layer
     * allocates nothing.
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
