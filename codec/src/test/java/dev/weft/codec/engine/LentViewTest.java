package dev.weft.codec.engine;

import static dev.weft.codec.engine.Wire.client;
import static dev.weft.codec.engine.Wire.concat;
import static dev.weft.codec.engine.Wire.server;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.engine.ProtocolEvent.BinaryReceived;
import dev.weft.codec.engine.ProtocolEvent.FragmentReceived;
import dev.weft.codec.frame.Opcode;
import dev.weft.codec.frame.Role;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Messages lent as views (RFC 6455 §5.6 data, as {@link ProtocolEvent}'s note on buffers has it):
 * a view holds its message, unchanged, until the next {@code nextEvent()} or {@code receive},
 * whatever else arrived in the same input and whatever the application sends meanwhile; a copy
 * holds it for good; and the input is read to its end once the events are taken.
 */
class LentViewTest {

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static ByteBuffer direct(byte[] wire) {
        return ByteBuffer.allocateDirect(wire.length).put(wire).flip();
    }

    @Test
    void eachMessageInOneInputIsLentIntactUntilTheNextEventEvenWhenSentBack() {
        for (Role at : Role.values()) {
            WebSocketProtocol engine = new WebSocketProtocol(ProtocolConfig.defaults(at));
            byte[][] messages = {pattern(5, 1), pattern(2000, 2), pattern(0, 3), pattern(70_000, 4), pattern(125, 5)};
            byte[][] frames = new byte[messages.length][];
            for (int i = 0; i < messages.length; i++) {
                frames[i] = at == Role.SERVER ? client(true, Opcode.BINARY, messages[i]) : server(true, Opcode.BINARY, messages[i]);
            }
            ByteBuffer in = direct(concat(frames));
            engine.receive(in);
            for (int i = 0; i < messages.length; i++) {
                BinaryReceived b = assertInstanceOf(BinaryReceived.class, engine.nextEvent());
                assertArrayEquals(messages[i], bytes(b.data()), at + ": message " + i + " when taken");
                if (messages[i].length > 0) {
                    assertTrue(b.data().isDirect(), "a view of the (direct) input, not a copy");
                }
                ByteBuffer view = b.data();
                int start = view.position();
                engine.sendBinary(view); // an echo of the view: the engine must not change it
                view.position(view.limit()); // and the application may move it
                byte[] after = new byte[view.limit() - start];
                view.get(start, after);
                assertArrayEquals(messages[i], after, at + ": message " + i + " after its echo");
            }
            assertNull(engine.nextEvent());
            assertEquals(in.limit(), in.position(), "read to its end");
            // Every echo carries its message, though the input's bytes are reused afterwards.
            for (int i = 0; i < in.capacity(); i++) {
                in.put(i, (byte) 0x55);
            }
            WebSocketProtocol peer = new WebSocketProtocol(ProtocolConfig.defaults(at == Role.SERVER ? Role.CLIENT : Role.SERVER));
            peer.receive(ByteBuffer.wrap(Wire.drain(engine)));
            for (int i = 0; i < messages.length; i++) {
                BinaryReceived echo = assertInstanceOf(BinaryReceived.class, peer.nextEvent());
                assertArrayEquals(messages[i], bytes(echo.data()), at + ": the echo of message " + i);
            }
        }
    }

    @Test
    void theEventObjectIsReusedAndACopyKeepsItsBytes() {
        WebSocketProtocol engine = new WebSocketProtocol(ProtocolConfig.defaults(Role.SERVER));
        ByteBuffer in = ByteBuffer.wrap(concat(client(true, Opcode.BINARY, pattern(10, 1)), client(true, Opcode.BINARY, pattern(10, 2))));
        engine.receive(in);
        ProtocolEvent first = engine.nextEvent();
        ProtocolEvent kept = first.copy();
        assertNotSame(first, kept);
        ProtocolEvent second = engine.nextEvent();
        assertSame(first, second, "one event object serves every lent message");
        assertArrayEquals(pattern(10, 2), bytes(((BinaryReceived) second).data()));
        assertArrayEquals(pattern(10, 1), bytes(((BinaryReceived) kept).data()), "the copy still holds the first message");
        assertArrayEquals(pattern(10, 1), bytes(((BinaryReceived) kept.copy()).data()), "a copy of a copy");
    }

    /**
     * A message that spans inputs is lent from the assembly buffer; the next message that spans
     * inputs fills the same buffer, but only after the application came back for its next event.
     */
    @Test
    void anAssembledMessageIsLentIntactWhileTheNextOneStartsInTheSameInput() {
        WebSocketProtocol engine = new WebSocketProtocol(ProtocolConfig.defaults(Role.SERVER));
        byte[] a = client(true, Opcode.BINARY, pattern(3000, 7));
        byte[] b = client(true, Opcode.BINARY, pattern(3000, 9));
        engine.receive(ByteBuffer.wrap(a, 0, 1000));
        assertNull(engine.nextEvent());
        engine.receive(ByteBuffer.wrap(concat(java.util.Arrays.copyOfRange(a, 1000, a.length), java.util.Arrays.copyOfRange(b, 0, 1500))));
        BinaryReceived first = assertInstanceOf(BinaryReceived.class, engine.nextEvent());
        assertArrayEquals(pattern(3000, 7), bytes(first.data()), "the first message, assembled, as sent");
        assertNull(engine.nextEvent()); // reads the start of the second into the same buffer
        engine.receive(ByteBuffer.wrap(b, 1500, b.length - 1500));
        assertArrayEquals(pattern(3000, 9), bytes(assertInstanceOf(BinaryReceived.class, engine.nextEvent()).data()));
    }

    /**
     * A caller that gives new input before taking every event (as a server does with the bytes
     * behind an upgrade request) still gets every message in order: the rest of the earlier input
     * is read first, and what cannot be lent is copied.
     */
    @Test
    void newInputBeforeTheEventsAreTakenCopiesWhatWasNotTakenYet() {
        WebSocketProtocol engine = new WebSocketProtocol(ProtocolConfig.defaults(Role.SERVER));
        engine.receive(ByteBuffer.wrap(concat(client(true, Opcode.BINARY, pattern(100, 1)), client(true, Opcode.BINARY, pattern(100, 2)))));
        engine.receive(ByteBuffer.wrap(client(true, Opcode.BINARY, pattern(50, 3))));
        assertArrayEquals(pattern(100, 1), bytes(((BinaryReceived) engine.nextEvent()).data()));
        assertArrayEquals(pattern(100, 2), bytes(((BinaryReceived) engine.nextEvent()).data()));
        assertArrayEquals(pattern(50, 3), bytes(((BinaryReceived) engine.nextEvent()).data()));
        assertNull(engine.nextEvent());
    }

    @Test
    void streamingPartsAreLentLikeWholeMessages() {
        ProtocolConfig streaming = ProtocolConfig.defaults(Role.SERVER)
                .withDecoder(ProtocolConfig.defaults(Role.SERVER).decoder().withStreaming(true));
        WebSocketProtocol engine = new WebSocketProtocol(streaming);
        engine.receive(direct(concat(client(false, Opcode.BINARY, pattern(40, 1)), client(true, Opcode.CONTINUATION, pattern(60, 2)))));
        FragmentReceived first = assertInstanceOf(FragmentReceived.class, engine.nextEvent());
        assertArrayEquals(pattern(40, 1), bytes(first.data()));
        assertTrue(first.data().isDirect() && !first.last() && !first.text());
        FragmentReceived second = assertInstanceOf(FragmentReceived.class, engine.nextEvent());
        assertArrayEquals(pattern(60, 2), bytes(second.data()));
        assertTrue(second.last());
        assertNull(engine.nextEvent());
    }
}
