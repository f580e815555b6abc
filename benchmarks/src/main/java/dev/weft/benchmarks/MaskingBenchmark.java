package dev.weft.benchmarks;

import dev.weft.codec.frame.Masker;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * RFC 6455 §5.3 masking, Weft's word-at-a-time path beside the byte-by-byte reference and beside
 * {@code System.arraycopy} of the same length — the memory-speed limit a masking loop cannot beat.
 * Heap and direct buffers; {@code offset} 0 is aligned, 3 is not. Compare the variants' bytes per
 * second within one run (ops/s × size).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MaskingBenchmark {

    /** Payload sizes from a tiny control frame to a 1 MiB message. */
    @Param({"16", "125", "1024", "65536", "1048576"})
    public int size;

    /** Start offset into the buffer: 0 aligned, 3 unaligned. */
    @Param({"0", "3"})
    public int offset;

    /** Heap or direct buffer. */
    @Param({"heap", "direct"})
    public String memory;

    private ByteBuffer buffer;
    private byte[] source;
    private byte[] target;
    private static final int KEY = 0x37fa213d;

    /** Fills the buffers with random bytes. */
    @Setup
    public void setUp() {
        source = new byte[size + offset];
        new Random(42).nextBytes(source);
        target = new byte[size + offset];
        buffer = memory.equals("direct") ? ByteBuffer.allocateDirect(size + offset) : ByteBuffer.allocate(size + offset);
        buffer.put(source).clear();
    }

    /**
     * Weft's masking.
     *
     * @return the key offset, so the work is not dead code
     */
    @Benchmark
    public int weft() {
        return Masker.mask(buffer, offset, offset + size, KEY, 0);
    }

    /**
     * The byte-by-byte reference.
     *
     * @return the key offset
     */
    @Benchmark
    public int bytewiseReference() {
        return Masker.maskBytewise(buffer, offset, offset + size, KEY, 0);
    }

    /**
     * The physical baseline: copying the same number of bytes.
     *
     * @return a byte of the copy
     */
    @Benchmark
    public byte arraycopyBaseline() {
        System.arraycopy(source, offset, target, offset, size);
        return target[offset];
    }
}
