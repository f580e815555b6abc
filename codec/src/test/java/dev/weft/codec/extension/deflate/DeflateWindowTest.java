package dev.weft.codec.extension.deflate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.testkit.WindowCheckingInflater;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 7692 §7.1.2: a compressor that promised a window of 2^N bytes never refers further back,
 * for every N from 8 to 15, with and without context takeover (§7.1.1), checked by a decoder that
 * fails on a reference beyond the window.
 */
class DeflateWindowTest {

    /** JSON-like text whose repeats lie at every distance, near and far. */
    static byte[] text(int length, long seed) {
        Random r = new Random(seed);
        String[] words = {"{\"id\":", "\"name\":\"", "weft", "\"value\":", "true", "false", "null", "],", "[", "}",
            "websocket", "deflate", "message", "window", "context"};
        StringBuilder b = new StringBuilder();
        while (b.length() < length) {
            b.append(words[r.nextInt(words.length)]).append(r.nextInt(1000));
        }
        return b.substring(0, length).getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest(name = "window {0}, context takeover {1}")
    @CsvSource({"8,true", "8,false", "9,true", "9,false", "10,true", "11,false", "12,true", "13,true", "14,false",
        "15,true", "15,false"})
    void noBackReferenceGoesBeyondThePromisedWindow(int bits, boolean takeover) {
        ZlibPool pool = new ZlibPool(6, 2);
        MessageDeflater deflater = new MessageDeflater(pool, takeover, bits, 0);
        WindowCheckingInflater checker = new WindowCheckingInflater(bits);
        int[] sizes = {0, 1, 200, 0, 255, 256, 257, 5000, 0, 0, 70_000, 300};
        for (int i = 0; i < sizes.length; i++) {
            byte[] message = text(sizes[i], i);
            ByteBuffer out = deflater.transformAll(ByteBuffer.wrap(message), true);
            byte[] wire = new byte[out.remaining()];
            out.get(wire);
            if (!takeover) {
                checker.reset();
            }
            assertArrayEquals(message, checker.inflate(wire), "message " + i);
        }
        assertTrue(checker.longestDistance() <= 1 << bits);
        // Repeats were there to be found: the window was used, not avoided.
        assertTrue(checker.longestDistance() > (1 << bits) / 4, "longest distance " + checker.longestDistance());
        deflater.release();
        assertTrue(pool.open() == pool.idle());
    }

    @Test
    void theCheckerCatchesAReferenceTooFar() {
        // Plain zlib, window 15, on text with far repeats: a decoder promised 2^9 must object.
        byte[] message = text(40_000, 7);
        MessageDeflater full = new MessageDeflater(new ZlibPool(6, 0), true, 15, 0);
        ByteBuffer out = full.transformAll(ByteBuffer.wrap(message), true);
        byte[] wire = new byte[out.remaining()];
        out.get(wire);
        var e = assertThrows(IllegalStateException.class, () -> new WindowCheckingInflater(9).inflate(wire));
        assertTrue(e.getMessage().contains("beyond the promised window"), e.getMessage());
        assertArrayEquals(message, new WindowCheckingInflater(15).inflate(wire));
        full.release();
    }

    @Test
    void fragmentsFormOneStreamAndIncompressibleBytesSurvive() {
        byte[] noise = new byte[50_000];
        new Random(3).nextBytes(noise);
        MessageDeflater d = new MessageDeflater(new ZlibPool(Deflater.BEST_SPEED, 1), true, 10, 0);
        ByteBuffer a = d.transformAll(ByteBuffer.wrap(noise, 0, 20_000), false);
        ByteBuffer b = d.transformAll(ByteBuffer.wrap(noise, 20_000, 30_000), true);
        byte[] wire = new byte[a.remaining() + b.remaining()];
        a.get(wire, 0, a.remaining());
        b.get(wire, wire.length - b.remaining(), b.remaining());
        assertArrayEquals(noise, new WindowCheckingInflater(10).inflate(wire));
        d.release();
    }
}
