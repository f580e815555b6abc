package dev.weft.benchmarks;

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
@Fork(value = 1, jvmArgsPrepend = {NettyFlags.LEAK_DETECTION_OFF, NettyFlags.POOLED_ALLOCATOR})
public class DecodeBenchmark {

    /** Payload bytes per frame. */
    @Param({"16", "125", "1024", "65536", "1048576"})
    public int size;

    /** {@code client-to-server} (masked) or {@code server-to-client} (unmasked). */
    @Param({"client-to-server", "server-to-client"})
    public String direction;

    private DecodeRig rig;

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
        Direction way = Direction.of(direction);
        rig = new DecodeRig(new FrameBatch(WireFrames.BINARY, Payloads.binary(size), way.masked()), way.receiver(), false, sink);
    }

    /** Closes Netty's channel. */
    @TearDown
    public void tearDown() {
        rig.close();
    }

    /** Weft's streaming decoder. */
    @Benchmark
    @OperationsPerInvocation(FrameBatch.FRAMES)
    public void weft() {
        rig.weft();
    }

    /** Netty's decoder in an embedded channel. */
    @Benchmark
    @OperationsPerInvocation(FrameBatch.FRAMES)
    public void netty() {
        rig.netty();
    }
}
