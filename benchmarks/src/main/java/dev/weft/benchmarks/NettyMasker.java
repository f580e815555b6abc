package dev.weft.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Netty 4.1's own unmasking loop, called directly so that a benchmark measures the loop and
 * nothing around it.
 *
 * <p>Netty keeps the loop in a private method of {@link WebSocket08FrameDecoder},
 * {@code unmask(ByteBuf)}, which XORs the readable bytes of the buffer, from the reader index to
 * the writer index, with the decoder's current masking key (the private {@code int mask} field,
 * read from the wire big-endian, so its layout is the same as Weft's {@code maskingKey}). The key
 * always starts at key byte 0 at the reader index: Netty unmasks whole payloads, never chunks.
 * Netty is on the class path (the unnamed module), so reflection may open both.
 */
final class NettyMasker {

    // A static final handle, so that the JIT treats it as a constant and inlines Netty's loop into
    // the caller, as it would inline a plain call.
    private static final MethodHandle UNMASK;
    private static final Field MASK;

    static {
        try {
            Method unmask = WebSocket08FrameDecoder.class.getDeclaredMethod("unmask", ByteBuf.class);
            unmask.setAccessible(true);
            UNMASK = MethodHandles.lookup().unreflect(unmask)
                    .asType(MethodType.methodType(void.class, WebSocket08FrameDecoder.class, ByteBuf.class));
            MASK = WebSocket08FrameDecoder.class.getDeclaredField("mask");
            MASK.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final WebSocket08FrameDecoder decoder;

    /**
     * Creates a masker holding one decoder whose current masking key is {@code maskingKey}.
     *
     * @param maskingKey the four key bytes, key byte 0 in the most significant byte
     */
    NettyMasker(int maskingKey) {
        // Server side (expects masked frames), no extensions, any payload size.
        decoder = new WebSocket08FrameDecoder(true, false, Integer.MAX_VALUE);
        try {
            MASK.setInt(decoder, maskingKey);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set Netty's masking key", e);
        }
    }

    /**
     * XORs the readable bytes of {@code buffer} with the key, starting at key byte 0. The caller
     * keeps ownership of the buffer; Netty's loop moves neither index.
     *
     * @param buffer the bytes to unmask, from its reader index to its writer index
     */
    void unmask(ByteBuf buffer) {
        try {
            UNMASK.invokeExact(decoder, buffer);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            // unmask declares no checked exception; this cannot happen.
            throw new IllegalStateException(e);
        }
    }
}
