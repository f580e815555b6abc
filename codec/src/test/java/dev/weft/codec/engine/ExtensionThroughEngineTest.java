package dev.weft.codec.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.codec.engine.ProtocolEvent.ProtocolFailure;
import dev.weft.codec.engine.ProtocolEvent.TextReceived;
import dev.weft.codec.extension.Extension;
import dev.weft.codec.extension.ExtensionOffer;
import dev.weft.codec.extension.MessageTransform;
import dev.weft.codec.frame.FrameHeader;
import dev.weft.codec.frame.Opcode;
import dev.weft.codec.frame.Role;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * RFC 6455 §9: a negotiated extension takes part in writing and reading. A toy extension that
 * flips every payload bit and marks such messages with RSV1 stands in for permessage-deflate.
 */
class ExtensionThroughEngineTest {

    /** Flips every bit; RSV1 marks a flipped message. Its own inverse, like a codec pair. */
    static final class BitFlip implements Extension {
        private static final MessageTransform FLIP = new MessageTransform() {
            @Override
            public boolean appliesTo(int rsv) {
                return true;
            }

            @Override
            public void transform(ByteBuffer input, boolean endOfMessage, Consumer<ByteBuffer> output) {
                ByteBuffer out = ByteBuffer.allocate(input.remaining());
                while (input.hasRemaining()) {
                    out.put((byte) ~input.get());
                }
                output.accept(out.flip());
            }
        };

        @Override
        public String name() {
            return "x-bitflip";
        }

        @Override
        public int rsvBits() {
            return FrameHeader.RSV1;
        }

        @Override
        public ExtensionOffer agreed() {
            return ExtensionOffer.of("x-bitflip");
        }

        @Override
        public MessageTransform inbound() {
            return FLIP;
        }

        @Override
        public MessageTransform outbound() {
            return FLIP;
        }
    }

    @Test
    void aMessageIsTransformedOnTheWayOutAndBackOnTheWayIn() {
        WebSocketProtocol client = new WebSocketProtocol(ProtocolConfig.defaults(Role.CLIENT), List.of(new BitFlip()), null);
        WebSocketProtocol server = new WebSocketProtocol(ProtocolConfig.defaults(Role.SERVER), List.of(new BitFlip()), null);
        client.sendText("Hello");
        byte[] wire = Wire.drain(client);
        assertEquals(0xC1, wire[0] & 0xFF, "FIN, RSV1 and TEXT");
        server.receive(ByteBuffer.wrap(wire.clone()));
        assertEquals(new TextReceived("Hello"), server.nextEvent());
    }

    @Test
    void fragmentsAreTransformedAndUtf8IsCheckedOnTheResult() {
        WebSocketProtocol server = new WebSocketProtocol(ProtocolConfig.defaults(Role.SERVER), List.of(new BitFlip()), null);
        byte[] first = flip("Hé".getBytes(StandardCharsets.UTF_8), 0, 2);   // 'H' and the first byte of 'é'
        byte[] second = flip("Hé".getBytes(StandardCharsets.UTF_8), 2, 3);  // the second byte of 'é'
        server.receive(ByteBuffer.wrap(Wire.concat(Wire.frame(false, FrameHeader.RSV1, Opcode.TEXT, true, first),
                Wire.frame(true, 0, Opcode.CONTINUATION, true, second))));
        assertEquals(new TextReceived("Hé"), server.nextEvent());
    }

    @Test
    void rsvOnAContinuationFrameIsAProtocolError() {
        WebSocketProtocol server = new WebSocketProtocol(ProtocolConfig.defaults(Role.SERVER), List.of(new BitFlip()), null);
        server.receive(ByteBuffer.wrap(Wire.concat(Wire.frame(false, FrameHeader.RSV1, Opcode.TEXT, true, flip(new byte[] {'a'}, 0, 1)),
                Wire.frame(true, FrameHeader.RSV1, Opcode.CONTINUATION, true, flip(new byte[] {'b'}, 0, 1)))));
        assertEquals(1002, ((ProtocolFailure) server.nextEvent()).closeCode());
    }

    @Test
    void withoutTheExtensionRsv1IsStillAProtocolError() {
        WebSocketProtocol server = new WebSocketProtocol(ProtocolConfig.defaults(Role.SERVER));
        server.receive(ByteBuffer.wrap(Wire.frame(true, FrameHeader.RSV1, Opcode.TEXT, true, new byte[] {1})));
        assertEquals(1002, ((ProtocolFailure) server.nextEvent()).closeCode());
    }

    @Test
    void unmarkedMessagesPassUntouched() {
        WebSocketProtocol server = new WebSocketProtocol(ProtocolConfig.defaults(Role.SERVER), List.of(new BitFlip()), null);
        server.receive(ByteBuffer.wrap(Wire.client(true, Opcode.TEXT, "plain".getBytes(StandardCharsets.UTF_8))));
        assertEquals(new TextReceived("plain"), server.nextEvent());
    }

    private static byte[] flip(byte[] bytes, int from, int to) {
        byte[] out = new byte[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = (byte) ~bytes[i];
        }
        return out;
    }
}
