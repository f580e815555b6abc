package dev.weft.codec.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.engine.ProtocolEvent.BinaryReceived;
import dev.weft.codec.engine.ProtocolEvent.Closed;
import dev.weft.codec.engine.ProtocolEvent.ProtocolFailure;
import dev.weft.codec.engine.ProtocolEvent.TextReceived;
import dev.weft.codec.extension.Extension;
import dev.weft.codec.extension.ExtensionOffer;
import dev.weft.codec.extension.MessageTransform;
import dev.weft.codec.extension.deflate.DeflateConfig;
import dev.weft.codec.extension.deflate.PerMessageDeflate;
import dev.weft.codec.frame.FrameHeader;
import dev.weft.codec.frame.Opcode;
import dev.weft.codec.frame.Role;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 7692 through the engine: compressed messages both ways, the inflated-size limit, corrupt
 * data, RSV1 where it does not belong (§6.1), and zlib streams freed on every way a connection
 * ends.
 */
class DeflateThroughEngineTest {

    private final PerMessageDeflate serverSide = new PerMessageDeflate(DeflateConfig.defaults().withThreshold(0));
    private final PerMessageDeflate clientSide = new PerMessageDeflate(DeflateConfig.defaults().withThreshold(0));

    private WebSocketProtocol server(String offer, long maxMessage) {
        ProtocolConfig c = ProtocolConfig.defaults(Role.SERVER);
        c = c.withDecoder(c.decoder().withMaxMessageLength(maxMessage));
        Extension server = serverSide.accept(ExtensionOffer.parse(List.of(offer))).orElseThrow();
        return new WebSocketProtocol(c, List.of(server), null);
    }

    private WebSocketProtocol[] pair(String offer) {
        Extension server = serverSide.accept(ExtensionOffer.parse(List.of(offer))).orElseThrow();
        Extension client = clientSide.accepted(server.agreed());
        return new WebSocketProtocol[] {
            new WebSocketProtocol(ProtocolConfig.defaults(Role.CLIENT), List.of(client), null),
            new WebSocketProtocol(ProtocolConfig.defaults(Role.SERVER), List.of(server), null)};
    }

    /** Moves every queued byte from one engine to the other, a few bytes at a time. */
    private static void move(WebSocketProtocol from, WebSocketProtocol to, int chunk) {
        byte[] wire = Wire.drain(from);
        for (int i = 0; i < wire.length; i += chunk) {
            to.receive(ByteBuffer.wrap(Arrays.copyOfRange(wire, i, Math.min(wire.length, i + chunk))));
        }
    }

    private static List<ProtocolEvent> events(WebSocketProtocol p) {
        List<ProtocolEvent> out = new ArrayList<>();
        ProtocolEvent e;
        while ((e = p.nextEvent()) != null) {
            out.add(e.copy()); // a lent message is valid only until the next nextEvent
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"permessage-deflate", "permessage-deflate; client_max_window_bits",
        "permessage-deflate; server_no_context_takeover; client_no_context_takeover",
        "permessage-deflate; server_max_window_bits=8; client_max_window_bits=9",
        "permessage-deflate; server_max_window_bits=11; client_no_context_takeover"})
    void messagesGoBothWaysCompressed(String offer) {
        WebSocketProtocol[] p = pair(offer);
        WebSocketProtocol client = p[0];
        WebSocketProtocol server = p[1];
        String text = "héllo wörld, ".repeat(500);
        for (int round = 0; round < 3; round++) {
            client.sendText(text + round);
            client.sendBinary(ByteBuffer.wrap(new byte[0]));
            client.sendFragment(true, ByteBuffer.wrap(Wire.utf8("frag-")), false);
            client.sendFragment(true, ByteBuffer.wrap(Wire.utf8("mented ".repeat(100))), true);
            byte[] wire = Wire.drain(client);
            assertEquals(0xC1, wire[0] & 0xff, "FIN, RSV1, TEXT on a compressed message");
            assertTrue(wire.length < text.length() / 4, "compressed: " + wire.length + " bytes on the wire");
            // Events taken after each read, as a transport takes them: a lent message is the
            // application's only until the engine is given more input.
            List<ProtocolEvent> got = new ArrayList<>();
            for (int i = 0; i < wire.length; i += 7) {
                server.receive(ByteBuffer.wrap(Arrays.copyOfRange(wire, i, Math.min(wire.length, i + 7))));
                got.addAll(events(server));
            }
            assertEquals(new TextReceived(text + round), got.get(0));
            assertEquals(0, ((BinaryReceived) got.get(1)).data().remaining());
            assertEquals(new TextReceived("frag-" + "mented ".repeat(100)), got.get(2));
            server.sendText(text + "back" + round);
            move(server, client, 5);
            assertEquals(List.of(new TextReceived(text + "back" + round)), events(client));
        }
        client.close(1000, "");
        move(client, server, 100);
        move(server, client, 100);
        assertInstanceOf(Closed.class, events(server).get(0));
        assertReleased();
    }

    @Test
    void messagesBelowTheThresholdGoUncompressed() {
        PerMessageDeflate withThreshold = new PerMessageDeflate(DeflateConfig.defaults().withThreshold(100));
        Extension server = withThreshold.accept(List.of(ExtensionOffer.of("permessage-deflate"))).orElseThrow();
        WebSocketProtocol engine = new WebSocketProtocol(ProtocolConfig.defaults(Role.SERVER), List.of(server), null);
        engine.sendText("short");
        assertEquals(0x81, Wire.drain(engine)[0] & 0xff, "RSV1 clear");
        engine.sendText("long enough ".repeat(20));
        assertEquals(0xC1, Wire.drain(engine)[0] & 0xff, "RSV1 set");
    }

    @Test
    void anUncompressedMessagePassesThrough() {
        WebSocketProtocol server = server("permessage-deflate", 1 << 20);
        server.receive(ByteBuffer.wrap(Wire.client(true, Opcode.TEXT, Wire.utf8("plain"))));
        assertEquals(new TextReceived("plain"), server.nextEvent());
    }

    /** Deflates {@code n} zeros as one message with the trailer taken off. */
    private static byte[] bomb(int n) {
        Deflater d = new Deflater(9, true);
        d.setInput(new byte[n]);
        byte[] out = new byte[n / 500 + 1024];
        int len = d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        d.end();
        return Arrays.copyOf(out, len - 4);
    }

    @Test
    void aDecompressionBombStopsAtTheLimitPlusOneChunk() {
        long limit = 1 << 20;
        ProtocolConfig c = ProtocolConfig.defaults(Role.SERVER);
        c = c.withDecoder(c.decoder().withMaxMessageLength(limit));
        Extension real = serverSide.accept(List.of(ExtensionOffer.of("permessage-deflate"))).orElseThrow();
        long[] produced = {0};
        Extension counting = new Extension() {
            public String name() {
                return real.name();
            }

            public int rsvBits() {
                return real.rsvBits();
            }

            public ExtensionOffer agreed() {
                return real.agreed();
            }

            public MessageTransform outbound() {
                return real.outbound();
            }

            public void release() {
                real.release();
            }

            public MessageTransform inbound() {
                return new MessageTransform() {
                    public boolean appliesTo(int rsv) {
                        return real.inbound().appliesTo(rsv);
                    }

                    public void transform(ByteBuffer input, boolean end, Consumer<ByteBuffer> output) {
                        real.inbound().transform(input, end, b -> {
                            produced[0] += b.remaining();
                            output.accept(b);
                        });
                    }
                };
            }
        };
        WebSocketProtocol server = new WebSocketProtocol(c, List.of(counting), null);
        byte[] compressed = bomb(16 << 20);
        assertTrue(compressed.length < 128 * 1024, "a small frame: " + compressed.length);
        server.receive(ByteBuffer.wrap(Wire.frame(true, FrameHeader.RSV1, Opcode.BINARY, true, compressed)));
        assertEquals(1009, ((ProtocolFailure) server.nextEvent()).closeCode());
        assertTrue(produced[0] > limit && produced[0] <= limit + 8192, "inflated " + produced[0] + " bytes");
        assertReleased();
    }

    @Test
    void corruptCompressedDataIs1007() {
        WebSocketProtocol server = server("permessage-deflate", 1 << 20);
        // BFINAL=1 with block type 3, which RFC 1951 reserves.
        server.receive(ByteBuffer.wrap(Wire.frame(true, FrameHeader.RSV1, Opcode.TEXT, true, Wire.hex("07 00 00"))));
        assertEquals(1007, ((ProtocolFailure) server.nextEvent()).closeCode());
        assertReleased();
    }

    @Test
    void compressedBytesThatAreNotUtf8Are1007() {
        Deflater d = new Deflater(6, true);
        d.setInput(new byte[] {(byte) 0xc3, 0x28});
        byte[] out = new byte[64];
        int len = d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        d.end();
        WebSocketProtocol server = server("permessage-deflate", 1 << 20);
        server.receive(ByteBuffer.wrap(Wire.frame(true, FrameHeader.RSV1, Opcode.TEXT, true, Arrays.copyOf(out, len - 4))));
        assertEquals(1007, ((ProtocolFailure) server.nextEvent()).closeCode());
    }

    @Test
    void rsv1OnAContinuationFrameIs1002() {
        WebSocketProtocol server = server("permessage-deflate", 1 << 20);
        byte[] part = bomb(10);
        server.receive(ByteBuffer.wrap(Wire.concat(Wire.frame(false, FrameHeader.RSV1, Opcode.TEXT, true, part),
                Wire.frame(true, FrameHeader.RSV1, Opcode.CONTINUATION, true, new byte[0]))));
        assertEquals(1002, ((ProtocolFailure) server.nextEvent()).closeCode());
        assertReleased();
    }

    @Test
    void rsv1OnAControlFrameIs1002() {
        WebSocketProtocol server = server("permessage-deflate", 1 << 20);
        server.receive(ByteBuffer.wrap(Wire.frame(true, FrameHeader.RSV1, Opcode.PING, true, new byte[0])));
        assertEquals(1002, ((ProtocolFailure) server.nextEvent()).closeCode());
    }

    @Test
    void rsv1WithoutTheExtensionAgreedIs1002() {
        // A server with the factory whose client offered nothing has no extension in force.
        assertTrue(serverSide.accept(List.of()).isEmpty());
        WebSocketProtocol server = new WebSocketProtocol(ProtocolConfig.defaults(Role.SERVER));
        server.receive(ByteBuffer.wrap(Wire.frame(true, FrameHeader.RSV1, Opcode.TEXT, true, bomb(5))));
        assertEquals(1002, ((ProtocolFailure) server.nextEvent()).closeCode());
    }

    @Test
    void anAbruptEndMidMessageReleasesEverything() {
        WebSocketProtocol[] p = pair("permessage-deflate");
        p[0].sendFragment(false, ByteBuffer.wrap(new byte[5000]), false);
        move(p[0], p[1], 1000);
        p[1].sendText("x".repeat(1000));
        assertNotEquals(0, serverSide.openStreams() + clientSide.openStreams());
        p[1].receiveEof();
        p[0].receiveEof();
        assertReleased();
    }

    @Test
    void withoutContextTakeoverStreamsAreBorrowedPerMessage() {
        WebSocketProtocol[] p = pair("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
        for (int i = 0; i < 5; i++) {
            p[0].sendText("hello ".repeat(100));
            move(p[0], p[1], 64);
            p[1].sendText("world ".repeat(100));
            move(p[1], p[0], 64);
            // Between messages every stream is idle in a pool: an idle connection holds none.
            assertEquals(serverSide.openStreams(), serverSide.idleStreams());
            assertEquals(clientSide.openStreams(), clientSide.idleStreams());
        }
        assertEquals(new TextReceived("hello ".repeat(100)), events(p[1]).get(4));
    }

    private void assertReleased() {
        assertEquals(serverSide.idleStreams(), serverSide.openStreams(), "server streams held after close");
        assertEquals(clientSide.idleStreams(), clientSide.openStreams(), "client streams held after close");
    }
}
