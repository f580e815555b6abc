package dev.weft.benchmarks;

import dev.weft.codec.frame.Masker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.nio.ByteBuffer;
import java.util.Random;
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
 * RFC 6455 §5.3 masking of one payload of {@code size} bytes, by every subject on the very same
 * bytes, each beside the baseline that does the same kind of work:
 * <ul>
 *   <li>{@code weft}: the codec's {@link Masker}, in place, as the decoder unmasks every frame;
 *       beside {@code xorBaseline} and {@code arraycopy}.</li>
 *   <li>{@code weftVector}: the same job on the incubating Vector API ({@link VectorMasker}), to see
 *       what a SIMD loop would gain.</li>
 *   <li>{@code xorBaseline}: the in-place baseline, a plain long-XOR loop ({@link XorBaseline}).</li>
 *   <li>{@code weftCopying}: masking while copying into a second buffer, as Weft's encoder does
 *       for a client's frame (a bulk copy, then the codec's mask over the copy); beside
 *       {@code netty} and {@code arraycopy}.</li>
 *   <li>{@code netty}: Netty 4.2's public API for masking, its {@code WebSocket13FrameEncoder}
 *       writing a client's frame of the payload: a fresh key, a 2–14 byte header and the masked
 *       copy, into a buffer from the pooled allocator that is released after the sink took it.
 *       Netty exposes no other masking, so this is a copying mask with a little more around it.</li>
 *   <li>{@code bytewise}: the byte-by-byte reference, {@link Masker#maskBytewise}.</li>
 *   <li>{@code arraycopy}: the copy baseline, a bulk copy of the same bytes into a second buffer of
 *       the same kind: the memory-speed limit for anything that copies.</li>
 * </ul>
 * Bytes per second are ops/s × {@code size}. {@code offset} 0 starts the payload on the buffer's
 * first byte, 3 starts it unaligned; {@code memory} is {@code heap} or {@code direct}.
 *
 * <p>Masking in place flips the bytes at every call; the content does not matter to the speed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {NettyFlags.LEAK_DETECTION_OFF, NettyFlags.POOLED_ALLOCATOR})
public class MaskingBenchmark {

    /** The §5.7 example's masking key, {@code 37 fa 21 3d}. */
    static final int KEY = 0x37fa213d;

    /** Payload bytes per operation, from a tiny control frame to a 1 MiB message. */
    @Param({"16", "125", "1024", "65536", "1048576"})
    public int size;

    /** Where the payload starts in the buffer: 0 aligned, 3 unaligned. */
    @Param({"0", "3"})
    public int offset;

    /** {@code heap} or {@code direct} memory. */
    @Param({"heap", "direct"})
    public String memory;

    /** The bytes every subject masks: {@code [offset, offset + size)}. */
    private ByteBuffer buffer;
    /** Netty's view of {@link #buffer}: the same memory, readable exactly over the payload. */
    private ByteBuf nettyBuffer;
    private Sink sink;
    private EmbeddedChannel nettyChannel;
    private NettyDirectEncoder nettyEncoder;
    private ChannelHandlerContext nettyContext;
    /** The target of the copy baseline, of the same memory kind as {@link #buffer}. */
    private ByteBuffer copy;
    /** On the heap: the array under {@link #buffer}, and the copy baseline's target. */
    private byte[] heapArray;
    private byte[] heapCopy;

    /**
     * Allocates the buffers and fills the payload with random bytes.
     *
     * @param blackhole where Netty's frames go
     */
    @Setup
    public void setUp(Blackhole blackhole) {
        setUp(Sink.of(blackhole));
    }

    void setUp(Sink sink) {
        this.sink = sink;
        int capacity = offset + size;
        switch (memory) {
            case "heap" -> {
                // The heap buffer Netty's allocator hands its decoder (Unsafe-backed where it can
                // be); its array is shared with the ByteBuffer the other subjects use. Wrapping an
                // array of our own with Unpooled.wrappedBuffer would give Netty a slower buffer
                // that reads a long one byte at a time, which is not its real path.
                nettyBuffer = UnpooledByteBufAllocator.DEFAULT.heapBuffer(capacity, capacity);
                byte[] array = nettyBuffer.array();
                if (nettyBuffer.arrayOffset() != 0 || array.length != capacity) {
                    throw new IllegalStateException("Netty's heap buffer does not own its whole array");
                }
                heapArray = array;
                buffer = ByteBuffer.wrap(array);
                heapCopy = new byte[capacity];
            }
            case "direct" -> {
                buffer = ByteBuffer.allocateDirect(capacity);
                nettyBuffer = Unpooled.wrappedBuffer(buffer);
                copy = ByteBuffer.allocateDirect(capacity);
            }
            default -> throw new IllegalArgumentException("memory must be heap or direct: " + memory);
        }
        byte[] random = new byte[capacity];
        new Random(42).nextBytes(random);
        buffer.put(0, random);
        nettyBuffer.setIndex(offset, offset + size);
        if (copy == null) {
            copy = ByteBuffer.wrap(heapCopy);
        }
        // A client's encoder: it masks.
        nettyEncoder = new NettyDirectEncoder(true);
        nettyChannel = new EmbeddedChannel(nettyEncoder);
        nettyChannel.config().setAllocator(PooledByteBufAllocator.DEFAULT);
        nettyContext = nettyChannel.pipeline().context(nettyEncoder);
    }

    /** Gives Netty's buffer back (the memory under it stays ours) and closes its channel. */
    @TearDown
    public void tearDown() {
        nettyChannel.finishAndReleaseAll();
        nettyBuffer.release();
    }

    /**
     * Weft's masking, as the codec runs it on every frame.
     *
     * @return the next key offset, so the call is not dead code
     */
    @Benchmark
    public int weft() {
        return Masker.mask(buffer, offset, offset + size, KEY, 0);
    }

    /**
     * Masking on the Vector API. The fork needs the incubator module.
     *
     * @return the next key offset
     */
    @Benchmark
    @Fork(value = 1, jvmArgsPrepend = {NettyFlags.LEAK_DETECTION_OFF, NettyFlags.POOLED_ALLOCATOR},
            jvmArgsAppend = "--add-modules=jdk.incubator.vector")
    public int weftVector() {
        return VectorMasker.mask(buffer, offset, offset + size, KEY, 0);
    }

    /**
     * The in-place baseline: a plain long-XOR loop over the same bytes.
     *
     * @return the first payload byte afterwards
     */
    @Benchmark
    public byte xorBaseline() {
        XorBaseline.mask(buffer, offset, offset + size, KEY);
        return buffer.get(offset);
    }

    /**
     * Weft's copying mask, as its encoder masks a client's payload: a bulk copy into the second
     * buffer, then the codec's mask over the copy. The source is left as it was.
     *
     * @return the next key offset
     */
    @Benchmark
    public int weftCopying() {
        copy.put(offset, buffer, offset, size);
        return Masker.mask(copy, offset, offset + size, KEY, 0);
    }

    /**
     * Netty's encoder writing a masked frame of the payload: its public way to mask.
     *
     * @throws Exception as Netty's encoder throws it
     */
    @Benchmark
    public void netty() throws Exception {
        nettyEncoder.encodeTo(nettyContext, new BinaryWebSocketFrame(nettyBuffer.retainedDuplicate()), sink);
    }

    /**
     * The byte-by-byte reference.
     *
     * @return the next key offset
     */
    @Benchmark
    public int bytewise() {
        return Masker.maskBytewise(buffer, offset, offset + size, KEY, 0);
    }

    /**
     * The physical baseline: copying the payload into a second buffer of the same memory kind,
     * {@code System.arraycopy} on the heap and a bulk {@code put} between direct buffers.
     *
     * @return the first byte of the copy
     */
    @Benchmark
    public byte arraycopy() {
        if (heapCopy != null) {
            System.arraycopy(heapArray, offset, heapCopy, offset, size);
            return heapCopy[offset];
        }
        copy.put(offset, buffer, offset, size);
        return copy.get(offset);
    }

    /**
     * Returns the copy target, for tests to inspect what a copying subject wrote.
     *
     * @return the buffer the copying subjects write, not a copy
     */
    ByteBuffer copyTarget() {
        return copy;
    }

    /**
     * Returns the benchmark's buffer, for tests to inspect what a subject did.
     *
     * @return the buffer every subject works on, not a copy
     */
    ByteBuffer buffer() {
        return buffer;
    }

}
