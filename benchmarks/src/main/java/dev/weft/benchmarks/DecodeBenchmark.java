package dev.weft.benchmarks;

import dev.weft.codec.frame.DecoderConfig;
import dev.weft.codec.frame.FrameDecoder;
import dev.weft.codec.frame.MessageAssembler;
import dev.weft.codec.frame.MessageListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding binary frames, Weft beside Netty's {@code WebSocket08FrameDecoder}, on the same bytes.
 *
 * <p>Each invocation decodes one {@link FrameBatch} of {@value FrameBatch#FRAMES} frames, as one
 * read from a socket would deliver them, and counts as that many operations: ops/s is frames per
 * second, and ops/s × {@code size} is payload bytes per second. Every payload is handed to the
 * sink (a blackhole) as the decoder delivers it.
 *
 * <ul>
 *   <li>{@code weft}: a {@link FrameDecoder} feeding a {@link MessageAssembler} in streaming mode,
 *       as a transport runs it in steady state: payloads go on as windows of the input buffer.</li>
 *   <li>{@code netty}: {@code WebSocket08FrameDecoder} in an {@link EmbeddedChannel}, configured
 *       as the receiving end; a {@link NettyFrameConsumer} behind it hands each frame's content to
 *       the sink and releases the frame as soon as it is fired.</li>
 * </ul>
 * Client-to-server frames are masked and Weft unmasks them in place: see {@link FrameBatch} for
 * how every subject pays for restoring them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecodeBenchmark {

    /** Payload bytes per frame. */
    @Param({"16", "125", "1024", "65536", "1048576"})
    public int size;

    /** {@code client-to-server} (masked) or {@code server-to-client} (unmasked). */
    @Param({"client-to-server", "server-to-client"})
    public String direction;

    private FrameBatch batch;
    private Sink sink;

    private ByteBuffer weftInput;
    private FrameDecoder weftDecoder;

    private ByteBuf nettyInput;
    private EmbeddedChannel nettyChannel;

    /**
     * Builds the frames and both decoders.
     *
     * @param blackhole where the payloads go
     */
    @Setup
    public void setUp(Blackhole blackhole) {
        setUp(Sink.of(blackhole));
    }

    void setUp(Sink sink) {
        this.sink = sink;
        Direction way = Direction.of(direction);
        batch = new FrameBatch(WireFrames.BINARY, Payloads.binary(size), way.masked());

        weftInput = ByteBuffer.wrap(batch.bytes());
        DecoderConfig config = DecoderConfig.defaults(way.receiver()).withStreaming(true);
        weftDecoder = MessageAssembler.decoder(config, new MessageListener() {
            @Override
            public void onText(String text) {
                throw new AssertionError("streaming mode delivers fragments");
            }

            @Override
            public void onBinary(ByteBuffer data) {
                throw new AssertionError("streaming mode delivers fragments");
            }

            @Override
            public void onBinaryFragment(ByteBuffer data, boolean last) {
                sink.take(data);
            }
        });

        // One wrapper, kept for the whole run: each invocation lends it to the channel (retain)
        // and the decoder gives it back (release) once it has read it all.
        nettyInput = Unpooled.wrappedBuffer(batch.bytes());
        nettyChannel = new EmbeddedChannel(new WebSocket08FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(way.masked())
                .allowExtensions(false)
                .maxFramePayloadLength((int) DecoderConfig.DEFAULT_MAX_FRAME_PAYLOAD_LENGTH)
                .build()), new NettyFrameConsumer(sink));
    }

    /** Closes Netty's channel. */
    @TearDown
    public void tearDown() {
        nettyChannel.finishAndReleaseAll();
        nettyInput.release();
    }

    /** Weft's streaming decoder. */
    @Benchmark
    @OperationsPerInvocation(FrameBatch.FRAMES)
    public void weft() {
        batch.restore();
        weftInput.clear();
        weftDecoder.decode(weftInput);
    }

    /** Netty's decoder in an embedded channel. */
    @Benchmark
    @OperationsPerInvocation(FrameBatch.FRAMES)
    public void netty() {
        batch.restore();
        nettyInput.setIndex(0, nettyInput.capacity());
        nettyChannel.writeInbound(nettyInput.retain());
    }
}
