package dev.weft.codec.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.frame.DecoderConfig;
import dev.weft.codec.frame.FrameDecoder;
import dev.weft.codec.frame.FrameEncoder;
import dev.weft.codec.frame.MessageAssembler;
import dev.weft.codec.frame.MessageListener;
import dev.weft.codec.frame.Opcode;
import dev.weft.codec.frame.Role;
import dev.weft.codec.internal.WellFormedText;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Mistakes a library user makes with the codec are said at once, at the call that makes them,
 * with {@link IllegalArgumentException} or {@link IllegalStateException} and words that name the
 * mistake: not a {@code ReadOnlyBufferException} deep in unmasking, a broken §5.4 message order on
 * the wire, a {@code ?} sent for an unpaired surrogate (RFC 3629 §3), or a failure when the first
 * message arrives in production.
 */
class CallerMistakesTest {

    /** A masked text frame "Hello", from RFC 6455 §5.7. */
    private static final byte[] MASKED_HELLO = HexFormat.of().parseHex("818537fa213d7f9f4d5158");

    private static final MessageListener WHOLE_MESSAGES_ONLY = new MessageListener() {
        @Override
        public void onText(String text) {
        }

        @Override
        public void onBinary(ByteBuffer data) {
        }
    };

    @Test
    void aServerRefusesReadOnlyInputBeforeReadingAByte() {
        List<String> texts = new ArrayList<>();
        FrameDecoder server = MessageAssembler.decoder(DecoderConfig.defaults(Role.SERVER), listener(texts));
        ByteBuffer readOnly = ByteBuffer.wrap(MASKED_HELLO.clone()).asReadOnlyBuffer();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> server.decode(readOnly));
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        assertEquals(0, readOnly.position(), "nothing consumed");
        assertFalse(server.isFailed());

        // The same bytes in a writable buffer decode, so the refusal was about the buffer alone.
        server.decode(ByteBuffer.wrap(MASKED_HELLO.clone()));
        assertEquals(List.of("Hello"), texts);
    }

    @Test
    void aClientReadsReadOnlyInputItNeverUnmasks() {
        List<String> texts = new ArrayList<>();
        FrameDecoder client = MessageAssembler.decoder(DecoderConfig.defaults(Role.CLIENT), listener(texts));
        client.decode(ByteBuffer.wrap(HexFormat.of().parseHex("810548656c6c6f")).asReadOnlyBuffer());
        assertEquals(List.of("Hello"), texts);
    }

    @Test
    void theEngineSaysTheSameAboutReadOnlyInput() {
        WebSocketProtocol server = new WebSocketProtocol(ProtocolConfig.defaults(Role.SERVER));
        assertThrows(IllegalArgumentException.class, () -> server.receive(ByteBuffer.wrap(MASKED_HELLO.clone()).asReadOnlyBuffer()));
    }

    @Test
    void theEncoderRefusesANewDataFrameWhileAFragmentedMessageIsOpen() {
        FrameEncoder encoder = new FrameEncoder(Role.SERVER);
        encoder.encodeFrame(Opcode.TEXT, false, utf8("Hel"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> encoder.encodeFrame(Opcode.BINARY, true, utf8("x")));
        assertTrue(e.getMessage().contains("fragmented message is open"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> encoder.writeHeader(Opcode.TEXT, true, 0, 1, ByteBuffer.allocate(14)));
        assertThrows(IllegalStateException.class, () -> encoder.header(Opcode.TEXT, false, 0, 1));

        // Control frames may come between fragments (§5.5); the refused calls changed nothing.
        encoder.encodeFrame(Opcode.PING, true, utf8("p"));
        assertEquals("80026c6f", HexFormat.of().formatHex(array(encoder.encodeFrame(Opcode.CONTINUATION, true, utf8("lo")))));
        // The message is over: a new one may start, and a continuation may not.
        encoder.encodeFrame(Opcode.BINARY, true, utf8("x"));
        IllegalStateException stray = assertThrows(IllegalStateException.class,
                () -> encoder.encodeFrame(Opcode.CONTINUATION, true, utf8("y")));
        assertTrue(stray.getMessage().contains("no fragmented message open"), stray.getMessage());
    }

    @Test
    void sendTextRefusesAnUnpairedSurrogateInsteadOfSendingAQuestionMark() {
        WebSocketProtocol engine = new WebSocketProtocol(ProtocolConfig.defaults(Role.SERVER));
        for (String bad : List.of("a\uD83D", "\uDE00b", "x\uDE00\uD83Dy")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> engine.sendText(bad), bad);
            assertTrue(e.getMessage().contains("unpaired surrogate"), e.getMessage());
        }
        assertFalse(engine.hasOutput(), "nothing was queued");
        engine.sendText("a😀b");
        assertTrue(engine.hasOutput(), "a proper pair is sent");
        WellFormedText.require("");
        WellFormedText.require("plain ascii, é and €");
    }

    @Test
    void streamingModeWithoutFragmentMethodsFailsWhenConfigured() {
        DecoderConfig streaming = DecoderConfig.defaults(Role.SERVER).withStreaming(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MessageAssembler(streaming, WHOLE_MESSAGES_ONLY));
        assertTrue(e.getMessage().contains("onTextFragment"), e.getMessage());

        MessageListener textOnly = new MessageListener() {
            @Override
            public void onText(String text) {
            }

            @Override
            public void onBinary(ByteBuffer data) {
            }

            @Override
            public void onTextFragment(ByteBuffer utf8, boolean last) {
            }
        };
        // One kind taken in parts is a configuration that can work (a text-only protocol).
        MessageAssembler.decoder(streaming, textOnly);
        // Whole-message mode needs neither.
        new MessageAssembler(DecoderConfig.defaults(Role.SERVER), WHOLE_MESSAGES_ONLY);
    }

    private static MessageListener listener(List<String> texts) {
        return new MessageListener() {
            @Override
            public void onText(String text) {
                texts.add(text);
            }

            @Override
            public void onBinary(ByteBuffer data) {
            }
        };
    }

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] array(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
