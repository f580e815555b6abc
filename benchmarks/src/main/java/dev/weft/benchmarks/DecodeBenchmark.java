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
 * Decoding binary frames, Weft beside Netty 4.2's {@code WebSocket13FrameDecoder}, on the same
 * bytes, each library on its own real path and nothing else (see {@link DecodeRig}).
 *
 * <p>Each invocation decodes one {@link FrameBatch} of {@value FrameBatch#FRAMES} frames, as one
 * read from a socket would deliver them, and counts as that many operations: ops/s is frames per
 * second, and ops/s × {@code size} is payload bytes per second. Every payload is handed to the
 * sink (a blackhole) as the decoder delivers it.
 *
 * <ul>
 *   <li>{@code weft}: the engine as a server runs it, {@code WebSocketProtocol.receive} then its
 *       events: each message whose frames are all in the input is lent as a view of it (no copy,
 *       no allocation), valid until the next event; one that spans inputs would be assembled.</li>
 *   <li>{@code netty}: Netty's decoder called directly: each payload is copied into a pooled
 *       buffer, handed on and released. Its real-path counterpart is {@code weft}: each library
 *       as its server runs. Netty 4.2's decoder has no path that hands on a slice of its input
 *       (it copies every payload, {@code ByteBufUtil.readBytes}), so the ratio is a view beside
 *       a pooled copy: what a user of either server gets, not the same work done two ways.</li>
 *   <li>{@code weftStreaming}: the frame layer in streaming mode: payloads go on as views of the
 *       input, valid during the call only, with no copy. Netty has no such mode, so
 *       {@code weftStreaming ÷ netty} compares a view with a copy and carries no claim.</li>
 * </ul>
 * Client-to-server frames are masked and both unmask in place: see {@link FrameBatch} for how
 * every subject pays for restoring them.
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
        rig = new DecodeRig(new FrameBatch(WireFrames.BINARY, Payloads.binary(size), way.masked()), way.receiver(), false, false, sink);
    }

    /** Closes Netty's channel. */
    @TearDown
    public void tearDown() {
        rig.close();
    }

    /** Weft's engine: whole messages the application may keep. */
    @Benchmark
    @OperationsPerInvocation(FrameBatch.FRAMES)
    public void weft() {
        rig.weft();
    }

    /** Weft's streaming frame layer: views of the input. */
    @Benchmark
    @OperationsPerInvocation(FrameBatch.FRAMES)
    public void weftStreaming() {
        rig.weftStreaming();
    }

    /**
     * Netty's decoder, called directly: pooled copies, released.
     *
     * @throws Exception if Netty finds the frames broken
     */
    @Benchmark
    @OperationsPerInvocation(FrameBatch.FRAMES)
    public void netty() throws Exception {
        rig.netty();
    }
}
