package dev.weft.codec.extension.deflate;

import static dev.weft.codec.fuzz.FuzzInput.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.weft.codec.frame.CloseCode;
import dev.weft.codec.frame.FailConnectionException;
import dev.weft.codec.fuzz.FuzzInput;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes permessage-deflate's {@link MessageInflater} (RFC 7692 §7.2.2) with compressed data from
 * a peer, and the deflater and inflater together.
 *
 * <p>Input: {@link FuzzInput}. Options: bit 0 context takeover; bits 1–3 the deflater's window
 * (8 + the value, 8–15). Invariants: the wire bytes taken as one compressed message inflate, whole
 * or cut into frames, to the same bytes, or fail alike (only with {@link FailConnectionException}
 * 1007, after the same start of the stream); each piece of output is at most {@link MessageInflater#CHUNK}
 * bytes (so a size limit downstream stops a bomb within one chunk); and the wire bytes taken as a
 * message, deflated and inflated again, come back equal, twice in a row (the second message tests
 * the kept or reset context). Corpus: {@code MessageInflaterFuzzTestInputs/inflate};
 * {@code ./weft fuzz inflater} fuzzes it.
 */
class MessageInflaterFuzzTest {

    /** Output past this is not looked at: a bomb in a few KiB of input may inflate to megabytes. */
    private static final int OUTPUT_CAP = 1 << 20;

    @FuzzTest
    void inflate(byte[] data) {
        FuzzInput input = FuzzInput.of(data);
        boolean takeover = input.option(0);
        int windowBits = 8 + ((input.options() >> 1) & 0b111);
        ZlibPool pool = new ZlibPool(1, 2);

        Inflated whole = inflateAll(new MessageInflater(pool, takeover), input.whole());
        Inflated pieces = inflateAll(new MessageInflater(pool, takeover), input.reads());
        if (whole.failed() || pieces.failed()) {
            // Corrupt data fails either way; how much came out before the failure was noticed
            // depends on where the reads were cut, but both are the start of the same stream.
            check(whole.failed() && pieces.failed(), "cut into frames the inflater " + pieces + ", whole " + whole);
            byte[] shorter = whole.bytes().length <= pieces.bytes().length ? whole.bytes() : pieces.bytes();
            byte[] longer = shorter == whole.bytes() ? pieces.bytes() : whole.bytes();
            check(Arrays.equals(shorter, 0, shorter.length, longer, 0, shorter.length), "before failing, whole and cut differ");
        } else {
            check(Arrays.equals(whole.bytes(), pieces.bytes()), "cut into frames the inflater " + pieces + ", whole " + whole);
        }

        MessageDeflater deflater = new MessageDeflater(pool, takeover, windowBits, 0);
        MessageInflater inflater = new MessageInflater(pool, takeover);
        for (int message = 0; message < 2; message++) {
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            deflater.transform(ByteBuffer.wrap(input.wire().clone()), true, b -> compressed.writeBytes(FuzzInput.bytes(b)));
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            List<ByteBuffer> frames = FuzzInput.cut(compressed.toByteArray(), input.cut());
            for (int i = 0; i < frames.size(); i++) {
                inflater.transform(frames.get(i), i == frames.size() - 1, b -> back.writeBytes(FuzzInput.bytes(b)));
            }
            if (frames.isEmpty()) {
                inflater.transform(ByteBuffer.allocate(0), true, b -> back.writeBytes(FuzzInput.bytes(b)));
            }
            check(Arrays.equals(back.toByteArray(), input.wire()), "message " + message + " deflated (window " + windowBits
                    + ", takeover " + takeover + ") and inflated is " + back.size() + " bytes, not the " + input.wire().length + " sent");
        }
        deflater.release();
        inflater.release();
    }

    /** What inflating one message gave: its bytes (up to the cap), and whether it failed. */
    record Inflated(byte[] bytes, boolean failed) {
        @Override
        public String toString() {
            return (failed ? "failed after " : "made ") + bytes.length + " bytes";
        }
    }

    /** Inflates the reads as one message, keeping at most {@link #OUTPUT_CAP} bytes of output. */
    private static Inflated inflateAll(MessageInflater inflater, List<ByteBuffer> reads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (int i = 0; i < reads.size(); i++) {
                inflater.transform(reads.get(i), i == reads.size() - 1, b -> {
                    check(b.remaining() <= MessageInflater.CHUNK, "an output piece of " + b.remaining() + " bytes");
                    int n = Math.min(b.remaining(), OUTPUT_CAP - out.size());
                    out.write(FuzzInput.bytes(b), 0, n);
                    if (out.size() >= OUTPUT_CAP) {
                        throw new OverCap();
                    }
                });
            }
            return new Inflated(out.toByteArray(), false);
        } catch (OverCap e) {
            return new Inflated(out.toByteArray(), false);
        } catch (FailConnectionException e) {
            check(e.closeCode() == CloseCode.INVALID_FRAME_PAYLOAD_DATA, "failed with " + e.closeCode() + ": " + e.getMessage());
            return new Inflated(out.toByteArray(), true);
        } finally {
            inflater.release();
        }
    }

    /** Stops inflating at the cap, as the engine's message limit would. */
    private static final class OverCap extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OverCap() {
            super(null, null, false, false);
        }
    }
}
