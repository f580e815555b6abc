package dev.weft.transport.loom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.frame.FrameEncoder;
import dev.weft.codec.frame.Opcode;
import dev.weft.codec.frame.Role;
import dev.weft.codec.spi.ServerBinding;
import dev.weft.codec.testkit.RawClient;
import dev.weft.codec.testkit.TransportKit;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Messages up to 64 KiB that span the reader's small first read reach the handler as views of a
 * read buffer, not as assembled copies: the reader gathers a message cut off by a read in one
 * pooled buffer before the engine sees it. A view of the reader's (direct) buffers is direct; the
 * engine assembles into heap arrays, so {@link ByteBuffer#isDirect()} tells the two apart.
 */
@Timeout(60)
class LoomLentMessageTest extends TransportKit {

    @Override
    protected String transportName() {
        return "loom";
    }

    /** Answers every binary message with "view" or "copy", its size and its CRC. */
    private static final class Reporting implements WebSocketHandler {
        @Override
        public void onBinary(WebSocketSession session, ByteBuffer data) {
            CRC32 crc = new CRC32();
            int size = data.remaining();
            crc.update(data.duplicate());
            session.sendText((data.isDirect() ? "view " : "copy ") + size + " " + crc.getValue());
        }
    }

    private static String expected(String how, byte[] payload) {
        CRC32 crc = new CRC32();
        crc.update(payload);
        return how + " " + payload.length + " " + crc.getValue();
    }

    private static byte[] frame(FrameEncoder encoder, Opcode opcode, boolean fin, byte[] payload) {
        ByteBuffer f = encoder.encodeFrame(opcode, fin, ByteBuffer.wrap(payload));
        byte[] bytes = new byte[f.remaining()];
        f.get(bytes);
        return bytes;
    }

    private RawClient upgraded() throws Exception {
        ServerBinding binding = bind(router(Reporting::new));
        RawClient raw = closeLater(RawClient.connect(binding.localAddress()));
        raw.upgrade(ECHO);
        return raw;
    }

    @Test
    void aKibibyteAndA64KibMessageInOneWriteAreBothLent() throws Exception {
        RawClient raw = upgraded();
        FrameEncoder encoder = new FrameEncoder(Role.CLIENT);
        byte[] small = RawClient.pattern(1024, 1);
        byte[] large = RawClient.pattern(64 * 1024, 2);
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        burst.writeBytes(frame(encoder, Opcode.BINARY, true, small));
        burst.writeBytes(frame(encoder, Opcode.BINARY, true, large));
        for (int round = 0; round < 3; round++) {
            raw.writeRaw(burst.toByteArray());
            assertEquals(expected("view", small), raw.readMessage(WAIT).text(), "round " + round);
            assertEquals(expected("view", large), raw.readMessage(WAIT).text(), "round " + round);
        }
    }

    @Test
    void aMessageWhoseRestArrivesLaterIsGatheredAndLent() throws Exception {
        RawClient raw = upgraded();
        FrameEncoder encoder = new FrameEncoder(Role.CLIENT);
        byte[] large = RawClient.pattern(64 * 1024, 3);
        byte[] bytes = frame(encoder, Opcode.BINARY, true, large);
        // The header alone, then most of the payload, then the rest: three reads at least.
        raw.writeRaw(java.util.Arrays.copyOfRange(bytes, 0, 5));
        Thread.sleep(50);
        raw.writeRaw(java.util.Arrays.copyOfRange(bytes, 5, 40_000));
        Thread.sleep(50);
        raw.writeRaw(java.util.Arrays.copyOfRange(bytes, 40_000, bytes.length));
        assertEquals(expected("view", large), raw.readMessage(WAIT).text());
    }

    @Test
    void fragmentsAndAPingBetweenThemAreGatheredIntoOneMessage() throws Exception {
        RawClient raw = upgraded();
        FrameEncoder encoder = new FrameEncoder(Role.CLIENT);
        byte[] first = RawClient.pattern(700, 4);
        byte[] second = RawClient.pattern(900, 5);
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        burst.writeBytes(frame(encoder, Opcode.BINARY, false, first));
        burst.writeBytes(frame(encoder, Opcode.PING, true, new byte[] {1, 2, 3}));
        burst.writeBytes(frame(encoder, Opcode.CONTINUATION, true, second));
        raw.writeRaw(burst.toByteArray());
        assertEquals(Opcode.PONG, raw.readMessage(WAIT).opcode());
        byte[] whole = new byte[first.length + second.length];
        System.arraycopy(first, 0, whole, 0, first.length);
        System.arraycopy(second, 0, whole, first.length, second.length);
        // Fragments are joined by the engine: a copy, but an intact one.
        assertEquals(expected("copy", whole), raw.readMessage(WAIT).text());
    }

    @Test
    void aMessageLargerThanAPooledBufferIsAssembledIntact() throws Exception {
        RawClient raw = upgraded();
        byte[] huge = RawClient.pattern(200_000, 6);
        byte[] small = RawClient.pattern(1024, 7);
        raw.sendFrame(Opcode.BINARY, true, huge);
        raw.sendFrame(Opcode.BINARY, true, small);
        assertEquals(expected("copy", huge), raw.readMessage(WAIT).text());
        assertEquals(expected("view", small), raw.readMessage(WAIT).text());
    }
}
