package dev.weft.codec.frame;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Incremental, fail-fast UTF-8 validation for the payload of a text message (RFC 6455 §5.6 and
 * §8.1: a text message must be valid UTF-8, and an endpoint that meets invalid UTF-8 must fail the
 * connection, with close code {@link CloseCode#INVALID_FRAME_PAYLOAD_DATA}).
 *
 * <p>Valid means the well-formed byte sequences of RFC 3629 §4, which are those of Table 3-7 in
 * the Unicode Standard:
 * <pre>
 *   code points          byte 1   byte 2   byte 3   byte 4
 *   U+0000..U+007F       00..7F
 *   U+0080..U+07FF       C2..DF   80..BF
 *   U+0800..U+0FFF       E0       A0..BF   80..BF
 *   U+1000..U+CFFF       E1..EC   80..BF   80..BF
 *   U+D000..U+D7FF       ED       80..9F   80..BF
 *   U+E000..U+FFFF       EE..EF   80..BF   80..BF
 *   U+10000..U+3FFFF     F0       90..BF   80..BF   80..BF
 *   U+40000..U+FFFFF     F1..F3   80..BF   80..BF   80..BF
 *   U+100000..U+10FFFF   F4       80..8F   80..BF   80..BF
 * </pre>
 * Everything else is rejected: overlong forms (C0, C1, E0 80..9F, F0 80..8F), UTF-16 surrogates
 * (ED A0..BF), code points above U+10FFFF (F4 90..BF, F5..FF), continuation bytes with no lead
 * byte, and a sequence cut short by a byte that is not the continuation it needs.
 *
 * <p>A message arrives in frames and a frame in buffers, split anywhere, even inside a character;
 * one validator follows one message across all of them. Validation is fail-fast: each byte is
 * judged as it arrives, and the first byte that no valid message could contain at that place is
 * reported at once. {@code E0 80} fails at the {@code 80}, without waiting for the message to end
 * (the Autobahn 6.4 cases check that a connection fails before the rest of the message comes). The reported byte is therefore the first byte after the
 * longest prefix of the input that some valid message could start with. A sequence that is merely
 * unfinished is not a failure until the message ends: the caller then asks
 * {@link #isAtCharacterBoundary()}.
 *
 * <p>An instance is a small mutable state machine, not safe for use by several threads at once.
 * It allocates nothing after construction.
 *
 * <h2>Buffers</h2>
 * The caller owns every array and buffer passed in; the validator only reads them, keeps no
 * reference once a method returns, and never moves a buffer's position, limit or mark.
 */
public final class Utf8Validator {

    // Any byte order will do: the ASCII test looks at the high bit of every byte alike.
    private static final VarHandle ARRAY_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle BUFFER_LONG =
            MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    /** What {@link #expectationAfter(byte)} returns for a byte that cannot start a character. */
    private static final int INVALID = -1;

    // The state between two bytes. Between characters pending is 0. Inside one, pending
    // continuation bytes are still due, and the next one must lie in [lower, upper]: only the
    // first continuation after a lead byte may have a range narrower than 80..BF, and that is
    // how overlongs, surrogates and values above U+10FFFF are kept out.
    private int pending;
    private int lower;
    private int upper;
    private boolean failed;

    /** Creates a validator at the start of a message. */
    public Utf8Validator() {
    }

    /**
     * Checks the bytes {@code [position, limit)} of a buffer as the next part of the message.
     *
     * <p>The buffer may be heap, direct or read-only. The caller keeps ownership of it; it is
     * only read, its position and limit do not move, and no reference to it is kept.
     *
     * @param buffer the next bytes of the message
     * @return -1 if every byte so far may belong to a valid message; otherwise the absolute index
     *         (as for {@link ByteBuffer#get(int)}) of the first invalid byte. Once the validator
     *         has failed, every later call returns the buffer's position without looking at it,
     *         until {@link #reset()}
     */
    public int validate(ByteBuffer buffer) {
        int from = buffer.position();
        int to = buffer.limit();
        if (failed) {
            return from;
        }
        if (buffer.hasArray()) {
            // A writable heap buffer: read its array, and turn the answer back into a buffer index.
            int base = buffer.arrayOffset();
            int invalid = validate(buffer.array(), base + from, base + to);
            return invalid < 0 ? invalid : invalid - base;
        }
        // The state lives in locals while the loop runs, where the JIT can keep it in registers;
        // fields written on every byte make non-ASCII text markedly slower.
        int pending = this.pending;
        int lower = this.lower;
        int upper = this.upper;
        int invalid = -1;
        int i = from;
        while (i < to) {
            if (pending == 0) {
                byte lead = buffer.get(i);
                if (lead >= 0) {
                    i = skipAscii(buffer, i, to);
                    continue;
                }
                int expectation = expectationAfter(lead);
                if (expectation == INVALID) {
                    invalid = i;
                    break;
                }
                pending = expectation >>> 16;
                lower = (expectation >>> 8) & 0xFF;
                upper = expectation & 0xFF;
                if (i + pending < to) {
                    // The whole character is in view: check it in one go, without the state.
                    int b = buffer.get(i + 1) & 0xFF;
                    if (b < lower || b > upper) {
                        invalid = i + 1;
                        break;
                    }
                    int bad = firstNonContinuation(buffer, i + 2, i + 1 + pending);
                    if (bad >= 0) {
                        invalid = bad;
                        break;
                    }
                    i += 1 + pending;
                    pending = 0;
                    continue;
                }
            } else {
                // Anything but the continuation due, ASCII or a new lead byte included, fails
                // here: the character in progress could never be finished.
                int b = buffer.get(i) & 0xFF;
                if (b < lower || b > upper) {
                    invalid = i;
                    break;
                }
                pending--;
                lower = 0x80;
                upper = 0xBF;
            }
            i++;
        }
        return save(pending, lower, upper, invalid);
    }

    /**
     * Checks the bytes {@code [from, to)} of an array as the next part of the message.
     *
     * <p>The caller keeps ownership of the array; it is only read, and no reference to it is kept.
     *
     * @param bytes the next bytes of the message
     * @param from  index of the first byte to check
     * @param to    index after the last byte to check
     * @return -1 if every byte so far may belong to a valid message; otherwise the index in
     *         {@code bytes} of the first invalid byte. Once the validator has failed, every later
     *         call returns {@code from} without looking at the bytes, until {@link #reset()}
     * @throws IndexOutOfBoundsException if not {@code 0 <= from <= to <= bytes.length}
     */
    public int validate(byte[] bytes, int from, int to) {
        Objects.checkFromToIndex(from, to, bytes.length);
        if (failed) {
            return from;
        }
        // The same loop as for buffers, reading the array directly.
        int pending = this.pending;
        int lower = this.lower;
        int upper = this.upper;
        int invalid = -1;
        int i = from;
        while (i < to) {
            if (pending == 0) {
                byte lead = bytes[i];
                if (lead >= 0) {
                    i = skipAscii(bytes, i, to);
                    continue;
                }
                int expectation = expectationAfter(lead);
                if (expectation == INVALID) {
                    invalid = i;
                    break;
                }
                pending = expectation >>> 16;
                lower = (expectation >>> 8) & 0xFF;
                upper = expectation & 0xFF;
                if (i + pending < to) {
                    int b = bytes[i + 1] & 0xFF;
                    if (b < lower || b > upper) {
                        invalid = i + 1;
                        break;
                    }
                    int bad = firstNonContinuation(bytes, i + 2, i + 1 + pending);
                    if (bad >= 0) {
                        invalid = bad;
                        break;
                    }
                    i += 1 + pending;
                    pending = 0;
                    continue;
                }
            } else {
                int b = bytes[i] & 0xFF;
                if (b < lower || b > upper) {
                    invalid = i;
                    break;
                }
                pending--;
                lower = 0x80;
                upper = 0xBF;
            }
            i++;
        }
        return save(pending, lower, upper, invalid);
    }

    /**
     * Returns whether the bytes seen so far are a complete, valid message: nothing has failed and
     * no multi-byte sequence is left unfinished. A text message may end only where this is true
     * (§8.1); the caller asks when the final frame is done.
     *
     * @return whether a message could end here
     */
    public boolean isAtCharacterBoundary() {
        return !failed && pending == 0;
    }

    /**
     * Returns whether an invalid byte has been seen since construction or the last reset.
     *
     * @return whether an invalid byte has been seen since construction or the last reset
     */
    public boolean hasFailed() {
        return failed;
    }

    /** Forgets everything seen so far, failure included, ready for the next message. */
    public void reset() {
        pending = 0;
        lower = 0;
        upper = 0;
        failed = false;
    }

    /**
     * Returns whether {@code [from, to)} of an array is, on its own, complete and valid UTF-8.
     * The caller keeps ownership of the array; it is only read.
     *
     * @param bytes the bytes to check
     * @param from  index of the first byte to check
     * @param to    index after the last byte to check
     * @return true if the range is a whole message's worth of valid UTF-8
     * @throws IndexOutOfBoundsException if not {@code 0 <= from <= to <= bytes.length}
     */
    public static boolean isValid(byte[] bytes, int from, int to) {
        Utf8Validator validator = new Utf8Validator();
        return validator.validate(bytes, from, to) < 0 && validator.isAtCharacterBoundary();
    }

    /**
     * Returns whether the bytes {@code [position, limit)} of a buffer are, on their own, complete
     * and valid UTF-8. The caller keeps ownership of the buffer; it is only read, and its position
     * and limit do not move.
     *
     * @param buffer the bytes to check; heap, direct or read-only
     * @return true if the remaining bytes are a whole message's worth of valid UTF-8
     */
    public static boolean isValid(ByteBuffer buffer) {
        Utf8Validator validator = new Utf8Validator();
        return validator.validate(buffer) < 0 && validator.isAtCharacterBoundary();
    }

    /**
     * Returns what must follow a byte met between characters, packed as
     * {@code continuations << 16 | lower << 8 | upper} (the count of continuation bytes due and the
     * range of the first of them), or {@link #INVALID} if no character starts with that byte.
     * This is Table 3-7, row by row.
     */
    private static int expectationAfter(byte lead) {
        int b = lead & 0xFF;
        if (b < 0x80) {
            // ASCII is a whole character. The loops skip it before they get here.
            return expect(0, 0, 0);
        }
        if (b < 0xC2) {
            // 80..BF continue a character that never started; C0 and C1 could only begin an
            // overlong two-byte form of U+0000..U+007F.
            return INVALID;
        }
        if (b < 0xE0) {
            return expect(1, 0x80, 0xBF);
        }
        if (b < 0xF0) {
            // E0 80..9F would be overlong (below U+0800); ED A0..BF would be a surrogate.
            return expect(2, b == 0xE0 ? 0xA0 : 0x80, b == 0xED ? 0x9F : 0xBF);
        }
        if (b < 0xF5) {
            // F0 80..8F would be overlong (below U+10000); F4 90..BF would exceed U+10FFFF.
            return expect(3, b == 0xF0 ? 0x90 : 0x80, b == 0xF4 ? 0x8F : 0xBF);
        }
        // F5..F7 would start values above U+10FFFF; F8..FF belong to no UTF-8 form at all.
        return INVALID;
    }

    private static int expect(int continuations, int firstLower, int firstUpper) {
        return continuations << 16 | firstLower << 8 | firstUpper;
    }

    /** Stores the state a loop ended in and passes its answer on. */
    private int save(int pending, int lower, int upper, int invalid) {
        this.pending = pending;
        this.lower = lower;
        this.upper = upper;
        failed = invalid >= 0;
        return invalid;
    }

    /**
     * Returns the index of the first byte in [i, to) that is not a continuation byte (80..BF), or
     * -1: the bytes after the first continuation of a character, whose range never narrows.
     */
    private static int firstNonContinuation(byte[] bytes, int i, int to) {
        for (; i < to; i++) {
            if ((bytes[i] & 0xC0) != 0x80) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Returns the index of the first byte in [i, to) that is not a continuation byte (80..BF), or -1.
     */
    private static int firstNonContinuation(ByteBuffer buffer, int i, int to) {
        for (; i < to; i++) {
            if ((buffer.get(i) & 0xC0) != 0x80) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Returns the index of the first byte in [i, to) that is not ASCII, or {@code to}.
     *
     * @return the index of the first byte in [i, to) that is not ASCII, or {@code to}
     */
    private static int skipAscii(byte[] bytes, int i, int to) {
        // (i < to - 7 rather than i + 8 <= to: with to >= 0 neither side can overflow.)
        while (i < to - 7 && ((long) ARRAY_LONG.get(bytes, i) & HIGH_BITS) == 0) {
            i += 8;
        }
        while (i < to && bytes[i] >= 0) {
            i++;
        }
        return i;
    }

    /**
     * Returns the index of the first byte in [i, to) that is not ASCII, or {@code to}.
     *
     * @return the index of the first byte in [i, to) that is not ASCII, or {@code to}
     */
    private static int skipAscii(ByteBuffer buffer, int i, int to) {
        while (i < to - 7 && ((long) BUFFER_LONG.get(buffer, i) & HIGH_BITS) == 0) {
            i += 8;
        }
        while (i < to && buffer.get(i) >= 0) {
            i++;
        }
        return i;
    }
}
