package dev.weft.codec.frame;

import static dev.weft.codec.frame.Frames.concat;
import static dev.weft.codec.frame.Frames.fromClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How data frames reach a listener without a new object per frame (RFC 6455 §5.2, §5.4): the
 * header as its fields, the payload as a window of the caller's own input buffer, valid only
 * during the callback and moved on afterwards, so a listener that kept it would see other bytes.
 */
class PayloadWindowTest {

    private static final DecoderConfig SERVER = DecoderConfig.defaults(Role.SERVER);

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** What a listener saw of one payload chunk, taken during the callback. */
    record Window(ByteBuffer buffer, int position, int limit, String bytes) {
    }

    @Test
    void eachPayloadIsTheInputBufferNarrowedToItsChunk() {
        // Two fragments of one text message; each masked header is 6 bytes.
        ByteBuffer in = ByteBuffer.wrap(concat(fromClient(false, 0, 0x1, ascii("abc")), fromClient(true, 0, 0x0, ascii("de"))));
        List<String> headers = new ArrayList<>();
        List<Window> windows = new ArrayList<>();
        FrameDecoder decoder = new FrameDecoder(SERVER, new FrameDecoder.Listener() {
            @Override
            public void onDataFrameStart(boolean fin, int rsv, Opcode opcode, long payloadLength, Opcode messageType) {
                headers.add(fin + " " + rsv + " " + opcode + " " + payloadLength + " " + messageType);
            }

            @Override
            public void onDataPayload(ByteBuffer payload) {
                byte[] bytes = new byte[payload.remaining()];
                payload.get(payload.position(), bytes);
                windows.add(new Window(payload, payload.position(), payload.limit(), new String(bytes, StandardCharsets.US_ASCII)));
                // A listener may read, and so move the position; the next chunk is unaffected.
                payload.position(payload.limit());
            }

            @Override
            public void onDataFrameEnd(boolean messageEnd) {
            }

            @Override
            public void onPing(ByteBuffer payload) {
            }

            @Override
            public void onPong(ByteBuffer payload) {
            }

            @Override
            public void onClose(ClosePayload close) {
            }
        });
        decoder.decode(in);

        assertEquals(List.of("false 0 TEXT 3 TEXT", "true 0 CONTINUATION 2 TEXT"), headers);
        assertEquals(List.of(new Window(in, 6, 9, "abc"), new Window(in, 15, 17, "de")), windows);
        for (Window w : windows) {
            assertSame(in, w.buffer(), "the caller's buffer itself, not a slice");
        }
        assertEquals(in.limit(), in.position(), "all input consumed");
        assertEquals(in.capacity(), in.limit(), "the limit is given back after each chunk");
    }

    @Test
    void streamingFragmentsAreTheSameWindowAndValidOnlyDuringTheCall() {
        ByteBuffer in = ByteBuffer.wrap(concat(fromClient(true, 0, 0x2, ascii("first")), fromClient(true, 0, 0x2, ascii("second"))));
        List<ByteBuffer> kept = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        MessageAssembler.decoder(SERVER.withStreaming(true), new MessageListener() {
            @Override
            public void onText(String text) {
                throw new AssertionError("streaming");
            }

            @Override
            public void onBinary(ByteBuffer data) {
                throw new AssertionError("streaming");
            }

            @Override
            public void onBinaryFragment(ByteBuffer data, boolean last) {
                kept.add(data);
                seen.add(StandardCharsets.US_ASCII.decode(data.duplicate()) + (last ? " last" : ""));
            }
        }).decode(in);

        assertEquals(List.of("first last", "second last"), seen);
        assertSame(in, kept.get(0));
        assertSame(in, kept.get(1));
        // The reference a careless listener kept no longer shows its fragment: the window moved on.
        assertEquals(0, kept.get(0).remaining());
    }
}
