package dev.weft.benchmarks;

import dev.weft.codec.frame.FrameEncoder;
import dev.weft.codec.frame.FrameHeader;
import dev.weft.codec.frame.Opcode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
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
 * Encoding one final binary frame per operation, Weft beside Netty's {@code WebSocket08FrameEncoder},
 * from the same payload. ops/s is frames per second; ops/s × {@code size} is payload bytes per second.
 *
 * <p>Both write the frame the way their connection does in steady state, and the two ways agree:
 * <ul>
 *   <li>Client-to-server frames are masked with a fresh key per frame (§5.3) while the payload is
 *       copied behind the header, into one buffer; the caller's payload is left as it was.</li>
 *   <li>Server-to-client frames below {@link FrameEncoder#GATHERING_THRESHOLD} bytes are copied
 *       behind the header into one buffer; from it on, the header is written alone and the payload
 *       passed on uncopied, for a gathering write.</li>
 * </ul>
 * {@code weft} uses a {@link FrameEncoder} and one output buffer, reused; {@code netty} writes a
 * {@link BinaryWebSocketFrame} wrapping the payload into an {@link EmbeddedChannel} and reads what
 * comes out. Either way every buffer of the frame goes to the sink (a blackhole).
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

    private ByteBuffer weftPayload;
    private ByteBuffer weftOut;
    private FrameEncoder weftEncoder;
    private boolean gather;

    private EmbeddedChannel nettyChannel;

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
        weftPayload = ByteBuffer.wrap(payloadBytes);
        weftOut = ByteBuffer.allocate(FrameHeader.encodedLength(size, way.masked()) + size);
        // The encoder a connection has: a client's keys come from the strong source.
        weftEncoder = new FrameEncoder(way.sender());
        gather = !way.masked() && size >= FrameEncoder.GATHERING_THRESHOLD;
        nettyChannel = new EmbeddedChannel(new WebSocket08FrameEncoder(way.masked()));
    }

    /** Closes Netty's channel. */
    @TearDown
    public void tearDown() {
        nettyChannel.finishAndReleaseAll();
    }

    /** Weft's encoder. */
    @Benchmark
    public void weft() {
        weftOut.clear();
        if (gather) {
            weftEncoder.writeHeader(Opcode.BINARY, true, 0, size, weftOut);
            sink.take(weftOut.flip());
            sink.take(weftPayload);
        } else {
            weftEncoder.start(Opcode.BINARY, true, 0, weftPayload);
            weftEncoder.encode(weftOut);
            sink.take(weftOut.flip());
        }
    }

    /** Netty's encoder in an embedded channel. */
    @Benchmark
    public void netty() {
        nettyChannel.writeOutbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payloadBytes)));
        for (ByteBuf bytes; (bytes = nettyChannel.readOutbound()) != null; ) {
            sink.take(bytes);
            bytes.release();
        }
    }
}
