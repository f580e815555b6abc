package dev.weft.benchmarks;

import dev.weft.codec.frame.Masker;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.util.Objects;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * RFC 6455 §5.3 masking with the JDK's incubating Vector API: as many bytes per step as the CPU's
 * widest vector holds, XORed with the key repeated across the vector. Same contract as
 * {@link Masker#mask(ByteBuffer, int, int, int, int)}: absolute indices, in place, returns the
 * key offset for the byte at {@code to}; the buffer's position, limit and order do not move and
 * no reference to it is kept.
 *
 * <p>It lives here, not in the codec, because the codec must not require an incubator module.
 * It exists to show what the codec's scalar path leaves on the table. Code that loads it must run
 * with {@code --add-modules jdk.incubator.vector}. On heap buffers it allocates nothing; on direct
 * ones it makes one small {@code MemorySegment} per call.
 */
final class VectorMasker {

    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = BYTES.withLanes(int.class);

    private VectorMasker() {
    }

    /**
     * Masks (or unmasks) the bytes {@code [from, to)} of a heap or direct buffer in place.
     *
     * @param buffer     the bytes to mask; must be writable
     * @param from       absolute index of the first byte to mask
     * @param to         absolute index after the last byte to mask, at most {@code buffer.limit()}
     * @param maskingKey the four key bytes, key byte 0 in the most significant byte
     * @param keyOffset  the index (0 to 3) of the key byte that masks {@code buffer.get(from)}
     * @return the key offset for the byte at {@code to}
     */
    static int mask(ByteBuffer buffer, int from, int to, int maskingKey, int keyOffset) {
        if (buffer.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        Objects.checkFromToIndex(from, to, buffer.limit());
        checkKeyOffset(keyOffset);
        int done = from;
        // Below one vector there is no vector step to take: leave it all to the scalar tail.
        if (to - from >= BYTES.length()) {
            if (buffer.hasArray()) {
                int base = buffer.arrayOffset();
                done = maskArray(buffer.array(), base + from, base + to, maskingKey, keyOffset) - base;
            } else {
                done = Segments.mask(buffer, from, to, maskingKey, keyOffset);
            }
        }
        // Every step covers a multiple of four bytes, so the key offset is unchanged here.
        Masker.mask(buffer, done, to, maskingKey, keyOffset);
        return (keyOffset + to - from) & 3;
    }

    /** Masks whole vectors from {@code from} on; returns the index where it stopped. */
    private static int maskArray(byte[] bytes, int from, int to, int maskingKey, int keyOffset) {
        // Made here, beside the loop, and never passed to a call that might not be inlined: a
        // vector that crosses such a call is boxed into a heap object.
        ByteVector key = keyVector(maskingKey, keyOffset);
        int i = from;
        for (int end = from + BYTES.loopBound(to - from); i < end; i += BYTES.length()) {
            ByteVector.fromArray(BYTES, bytes, i).lanewise(VectorOperators.XOR, key).intoArray(bytes, i);
        }
        return i;
    }

    /**
     * Returns the key turned to {@code keyOffset}, repeated over one vector: lane {@code j} holds
     * key byte {@code (keyOffset + j) & 3}.
     */
    private static ByteVector keyVector(int maskingKey, int keyOffset) {
        int turned = Integer.rotateLeft(maskingKey, keyOffset << 3);
        // The Vector API reinterprets lanes in little-endian order on every platform: the least
        // significant byte of int lane 0 becomes byte lane 0, so it must hold the first key byte.
        return IntVector.broadcast(INTS, Integer.reverseBytes(turned)).reinterpretAsBytes();
    }

    private static void checkKeyOffset(int keyOffset) {
        if ((keyOffset & ~3) != 0) {
            throw new IllegalArgumentException("key offset must be 0 to 3: " + keyOffset);
        }
    }

    /**
     * The direct-buffer path. The Vector API reads off-heap memory only through
     * {@code java.lang.foreign.MemorySegment}, which is a preview API in Java 21, the release this
     * module compiles for; calling it through method handles keeps the build free of preview
     * features. The handles are constants, so the JIT inlines them like plain calls. A holder
     * class of its own, so that heap masking works even where the handles cannot be made.
     */
    private static final class Segments {

        private static final MethodHandle OF_BUFFER;
        private static final MethodHandle LOAD;
        private static final MethodHandle STORE;

        static {
            try {
                Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                OF_BUFFER = lookup.findStatic(segment, "ofBuffer", MethodType.methodType(segment, Buffer.class))
                        .asType(MethodType.methodType(Object.class, ByteBuffer.class));
                LOAD = lookup.findStatic(ByteVector.class, "fromMemorySegment",
                                MethodType.methodType(ByteVector.class, VectorSpecies.class, segment, long.class,
                                        ByteOrder.class))
                        .asType(MethodType.methodType(ByteVector.class, VectorSpecies.class, Object.class,
                                long.class, ByteOrder.class));
                STORE = lookup.findVirtual(ByteVector.class, "intoMemorySegment",
                                MethodType.methodType(void.class, segment, long.class, ByteOrder.class))
                        .asType(MethodType.methodType(void.class, ByteVector.class, Object.class, long.class,
                                ByteOrder.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** Masks whole vectors from {@code from} on; returns the absolute index where it stopped. */
        static int mask(ByteBuffer buffer, int from, int to, int maskingKey, int keyOffset) {
            ByteVector key = keyVector(maskingKey, keyOffset);
            // A segment of a buffer starts at the buffer's position; indices here are absolute.
            ByteBuffer whole = buffer.position() == 0 ? buffer : buffer.duplicate().position(0);
            // Byte lanes have no byte order; any order reads the same bytes.
            ByteOrder order = ByteOrder.nativeOrder();
            long i = from;
            try {
                Object segment = (Object) OF_BUFFER.invokeExact(whole);
                for (long end = from + BYTES.loopBound(to - from); i < end; i += BYTES.length()) {
                    ByteVector v = (ByteVector) LOAD.invokeExact(BYTES, segment, i, order);
                    STORE.invokeExact(v.lanewise(VectorOperators.XOR, key), segment, i, order);
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
            return (int) i;
        }
    }
}
