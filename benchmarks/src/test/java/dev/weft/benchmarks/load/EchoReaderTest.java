package dev.weft.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The generator's reader of echoes (RFC 6455 §5.2 headers), fed at every split point. */
class EchoReaderTest {

    private static final MessageFrame FIVE = MessageFrame.of(5, false);

    /** The five payload bytes of {@link #FIVE}: (i * 31 + 7) for i = 0..4. */
    private static final String PAYLOAD = "07 26 45 64 83";

    @Test
    void countsUnmaskedEchoesSplitAnywhere() {
        byte[] two = hex("82 05" + PAYLOAD + "82 05" + PAYLOAD);
        for (int split = 0; split <= two.length; split++) {
            EchoReader reader = new EchoReader(FIVE, false);
            int n = reader.read(ByteBuffer.wrap(two, 0, split)) + reader.read(ByteBuffer.wrap(two, split, two.length - split));
            assertEquals(2, n, "split at " + split);
            assertEquals(1, reader.verified(), "the first echo is compared");
        }
    }

    @Test
    void assemblesFragmentedEchoes() {
        EchoReader reader = new EchoReader(FIVE, false);
        assertEquals(1, reader.read(ByteBuffer.wrap(hex("02 02 07 26  00 00  80 03 45 64 83"))));
    }

    @Test
    void readsTheGeneratorsOwnMaskedFramesFromATcpEcho() {
        ByteBuffer run = FIVE.newRun();
        byte[] frames = new byte[FIVE.frameLength() * 3];
        run.get(frames);
        for (int split = 0; split <= frames.length; split++) {
            EchoReader reader = new EchoReader(FIVE, true);
            int n = reader.read(ByteBuffer.wrap(frames, 0, split)) + reader.read(ByteBuffer.wrap(frames, split, frames.length - split));
            assertEquals(3, n, "split at " + split);
        }
    }

    @Test
    void readsExtendedLengths() {
        MessageFrame big = MessageFrame.of(70_000, false);
        ByteArrayOutputStream echo = new ByteArrayOutputStream();
        echo.writeBytes(hex("82 7F 00 00 00 00 00 01 11 70"));
        for (int i = 0; i < 70_000; i++) {
            echo.write(big.payloadAt(i));
        }
        assertEquals(1, new EchoReader(big, false).read(ByteBuffer.wrap(echo.toByteArray())));
    }

    @Test
    void refusesWhatIsNotAFaithfulEcho() {
        assertFails("92 05" + PAYLOAD, "RSV bits");
        assertFails("81 05" + PAYLOAD, "a text frame where a binary frame was due");
        assertFails("88 02 03 E8", "a close frame");
        assertFails("82 85 00 00 00 00" + PAYLOAD, "masked a frame");
        assertFails("82 06" + PAYLOAD + "00", "longer than the 5-byte message");
        assertFails("82 04 07 26 45 64", "has 4 bytes");
        assertFails("82 05 07 26 45 65 83", "differs from the message sent at byte 3");
    }

    private static void assertFails(String echo, String expected) {
        LoadFailure f = assertThrows(LoadFailure.class, () -> new EchoReader(FIVE, false).read(ByteBuffer.wrap(hex(echo))));
        assertTrue(f.getMessage().contains(expected), f.getMessage());
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }
}
