package dev.weft.codec.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 6455 §5.5.1: nothing after a close frame counts, so bytes behind it are discarded unread,
 * even ones whose layout is broken (§5.2), and in whatever reads they arrive. The fuzz target
 * {@code FrameDecoderFuzzTest} found the decoder failing a closed connection with 1002 when such
 * bytes came in the same read as the close frame, and not when they came in a later one.
 */
class CloseEndsReadingTest {

    /** A server's empty close frame, then a 64-bit length with its top bit set (a §5.2 violation). */
    private static final byte[] FROM_SERVER = Hex.bytes("8800 03ff ff");
    /** A client's masked close 1000, then the same broken length. */
    private static final byte[] FROM_CLIENT = Hex.bytes("8882 00000000 03e8 02ff 80");

    @Test
    void brokenBytesAfterTheCloseAreDiscardedAtEverySplit() {
        for (List<ByteBuffer> chunks : Splits.all(FROM_SERVER)) {
            assertEquals(List.of("close 1005"), RecordingListener.decode(DecoderConfig.defaults(Role.CLIENT), chunks),
                    "split " + chunks);
        }
        for (List<ByteBuffer> chunks : Splits.all(FROM_CLIENT)) {
            assertEquals(List.of("close 1000"), RecordingListener.decode(DecoderConfig.defaults(Role.SERVER), chunks),
                    "split " + chunks);
        }
    }

    @Test
    void theDecoderIsClosedNotFailedAndTakesEveryByte() {
        FrameDecoder decoder = MessageAssembler.decoder(DecoderConfig.defaults(Role.CLIENT), new RecordingListener());
        ByteBuffer in = ByteBuffer.wrap(FROM_SERVER.clone());
        decoder.decode(in);
        assertFalse(in.hasRemaining());
        assertTrue(decoder.isCloseReceived());
        assertFalse(decoder.isFailed());
        ByteBuffer later = Hex.buffer("ffff");
        decoder.decode(later);
        assertFalse(later.hasRemaining());
        assertFalse(decoder.isFailed());
    }
}
