package dev.weft.codec.extension.deflate;

import dev.weft.codec.extension.MessageTransform;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.zip.Deflater;

/**
 * Compresses the messages one end sends (RFC 7692 §7.2.1), under the terms agreed.
 *
 * <p>Each message is deflated and flushed with a sync flush; the flush's empty stored block ends
 * in {@code 00 00 ff ff}, which §7.2.1 has the sender remove (the receiver puts it back). A
 * fragment other than the last is sync-flushed too, so the peer can inflate what it has, and is
 * sent with its marker.
 *
 * <p>The window: the JDK's zlib always keeps 32 KiB of history, so a promise of a smaller window
 * of 2^N bytes (§7.1.2) is kept by never letting the history grow past 2^N: a full flush, which
 * forgets the history, before every 2^N input bytes, counted across messages when the context is
 * kept. zlib itself never refers further back than its window less 262 bytes, so at 15 nothing
 * needs doing. Window 8, which zlib itself cannot make, works the same way.
 *
 * <p>The compressor is made on the first compressed message and held to the connection's end when
 * context takeover is agreed; without it, it is borrowed from the pool for each message and given
 * back reset (§7.1.1: the next message starts with an empty history). Not thread-safe: one per
 * connection, used by the engine's thread.
 */
final class MessageDeflater implements MessageTransform {

    private static final int FULL_WINDOW_BITS = DeflateConfig.MAX_WINDOW_BITS;

    private final ZlibPool pool;
    private final boolean contextTakeover;
    private final int windowBits;
    private final int threshold;

    private Deflater deflater;
    /** Input bytes since the history was last emptied, counted only for windows below 15. */
    private long sinceReset;
    private boolean released;

    // The output array of the message being compressed, and how much of it is used.
    private byte[] out;
    private int length;

    MessageDeflater(ZlibPool pool, boolean contextTakeover, int windowBits, int threshold) {
        this.pool = pool;
        this.contextTakeover = contextTakeover;
        this.windowBits = windowBits;
        this.threshold = threshold;
    }

    @Override
    public boolean appliesTo(int rsv) {
        return true;
    }

    /** Messages below the threshold go out as they are, RSV1 clear (§6: compression is per message). */
    @Override
    public boolean appliesTo(int rsv, long length) {
        return length >= threshold;
    }

    @Override
    public void transform(ByteBuffer input, boolean endOfMessage, Consumer<ByteBuffer> output) {
        output.accept(transformAll(input, endOfMessage));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Compresses into a scratch array borrowed from the pool, sized for the input plus
     * deflate's worst-case growth, so incompressible data fits in one go (doubled should it not),
     * and returns a view of it: the caller copies the bytes into its frame and gives the array
     * back with {@link #recycle(ByteBuffer)}, so a message allocates no output array at all (the
     * engine does). A caller that keeps the buffer instead leaves the array to the collector.
     * Before, the result was copied out at its exact size, the compressed bytes allocated per
     * message (about 11 KB per 64 KiB of JSON). Messages whose worst case exceeds
     * {@link ZlibPool#MAX_KEPT_SCRATCH} start at a quarter of their size and double, in an array of
     * their own.
     */
    @Override
    public ByteBuffer transformAll(ByteBuffer input, boolean endOfMessage) {
        if (released) {
            throw new IllegalStateException("permessage-deflate was released with its connection");
        }
        if (deflater == null) {
            deflater = pool.deflater();
        }
        int n = input.remaining();
        // Up to the largest array the pool keeps, room for the worst case; a larger message starts
        // at a quarter of its size (text compresses well) and doubles, as a scratch that big would
        // be allocated for it alone.
        int worst = worstCase(n);
        out = worst <= ZlibPool.MAX_KEPT_SCRATCH ? pool.scratch(worst) : new byte[n / 4 + 64];
        length = 0;
        if (windowBits >= FULL_WINDOW_BITS || !input.hasRemaining()) {
            // Even with no input: zlib makes no sync block for a flush right after another flush,
            // and an empty message still needs its 00 00 ff ff; a plain deflate call in between
            // lets the flush through.
            deflater.setInput(input);
            run(Deflater.NO_FLUSH);
        } else {
            long window = 1L << windowBits;
            while (input.hasRemaining()) {
                if (sinceReset >= window) {
                    // Forget the history before it holds more than the promised window.
                    run(Deflater.FULL_FLUSH);
                    sinceReset = 0;
                }
                int take = (int) Math.min(input.remaining(), window - sinceReset);
                deflater.setInput(input.slice(input.position(), take));
                run(Deflater.NO_FLUSH);
                input.position(input.position() + take);
                sinceReset += take;
            }
        }
        run(Deflater.SYNC_FLUSH);
        if (endOfMessage) {
            stripTrailer();
            if (!contextTakeover) {
                pool.release(deflater);
                deflater = null;
                sinceReset = 0;
            }
        }
        ByteBuffer result = ByteBuffer.wrap(out, 0, length);
        out = null;
        return result;
    }

    /** Gives the scratch array under a buffer {@link #transformAll} returned back to the pool. */
    @Override
    public void recycle(ByteBuffer output) {
        if (output.hasArray() && !output.isReadOnly() && output.array().length <= ZlibPool.MAX_KEPT_SCRATCH) {
            pool.release(output.array());
        }
    }

    /**
     * What deflating {@code n} bytes can produce at most: zlib's bound for stored blocks (five
     * bytes per 16 KiB block and a little), and room for the flushes, one per window's worth of
     * input when the window is below 15.
     */
    private int worstCase(int n) {
        long flushes = windowBits >= FULL_WINDOW_BITS ? 1 : 1 + (n >> windowBits);
        return (int) Math.min(Integer.MAX_VALUE - 64, n + (n >> 12) + (n >> 14) + 64 + 8 * flushes);
    }

    /** Deflates until the input is taken (no flush) or the flush is complete. */
    private void run(int flush) {
        while (true) {
            if (out.length - length < 16) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            int room = out.length - length;
            int n = deflater.deflate(out, length, room, flush);
            length += n;
            if (flush == Deflater.NO_FLUSH ? deflater.needsInput() : n < room) {
                return;
            }
        }
    }

    /** §7.2.1: the message's bytes end with the sync flush's 00 00 ff ff, which is not sent. */
    private void stripTrailer() {
        if (length < 4 || out[length - 4] != 0 || out[length - 3] != 0 || out[length - 2] != (byte) 0xff
                || out[length - 1] != (byte) 0xff) {
            throw new IllegalStateException("a sync flush did not end with 00 00 ff ff");
        }
        length -= 4;
    }

    /** Ends or gives back the compressor; the connection is over. */
    void release() {
        if (released) {
            return;
        }
        released = true;
        if (deflater != null) {
            if (contextTakeover) {
                pool.end(deflater);
            } else {
                pool.release(deflater);
            }
            deflater = null;
        }
        out = null;
    }
}
