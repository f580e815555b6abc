package dev.weft.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weft.codec.frame.DecoderConfig;
import dev.weft.codec.frame.FrameDecoder;
import dev.weft.codec.frame.MessageAssembler;
import dev.weft.codec.frame.MessageListener;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Both subjects of {@link EncodeBenchmark}, and the frame layer the allocation test measures, write
 * a frame that the other library reads back as the payload; unmasked, they write the very same
 * bytes, and masked, a fresh key each time.
 */
class EncodeBenchmarkTest {

    @ParameterizedTest
    @CsvSource({
        "16, client-to-server", "125, client-to-server", "1024, client-to-server", "65536, client-to-server", "1048576, client-to-server",
        "16, server-to-client", "125, server-to-client", "1024, server-to-client", "65536, server-to-client", "1048576, server-to-client",
    })
    void eachFrameReadsBackAsThePayload(int size, String direction) throws Exception {
        EncodeBenchmark bench = new EncodeBenchmark();
        bench.size = size;
        bench.direction = direction;
        RecordingSink sink = new RecordingSink();
        bench.setUp(sink);
        try {
            Direction way = Direction.of(direction);
            byte[] payload = Payloads.binary(size);

            bench.weft();
            byte[] weft = sink.drain();
            bench.weftNoStage();
            byte[] weftAgain = sink.drain();
            bench.netty();
            byte[] netty = sink.drain();
            bench.frameLayer();
            byte[] frameLayer = sink.drain();

            assertArrayEquals(payload, readWithNetty(way, weft), "Netty reads Weft's frame");
            assertArrayEquals(payload, readWithNetty(way, weftAgain), "Netty reads Weft's second frame");
            assertArrayEquals(payload, readWithWeft(way, netty), "Weft reads Netty's frame");
            assertArrayEquals(payload, readWithNetty(way, frameLayer), "Netty reads the frame layer's frame");
            assertArrayEquals(payload, Payloads.binary(size), "the payload is left as it was");
            if (way.masked()) {
                assertNotEquals(Arrays.toString(key(weft)), Arrays.toString(key(weftAgain)), "a fresh key per frame");
            } else {
                byte[] expected = WireFrames.frame(WireFrames.BINARY, payload, false);
                assertArrayEquals(expected, weft, "Weft writes the §5.2 layout");
                assertArrayEquals(expected, netty, "Netty writes the §5.2 layout");
                assertArrayEquals(expected, frameLayer, "the frame layer writes the §5.2 layout");
            }
        } finally {
            bench.tearDown();
        }
    }

    /** Returns the masking key of a masked frame: the four bytes after the length. */
    private static byte[] key(byte[] frame) {
        int length7 = frame[1] & 0x7F;
        int at = length7 == 126 ? 4 : length7 == 127 ? 10 : 2;
        return Arrays.copyOfRange(frame, at, at + 4);
    }

    private static byte[] readWithNetty(Direction way, byte[] frame) {
        EmbeddedChannel channel = new EmbeddedChannel(new WebSocket08FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(way.masked())
                .maxFramePayloadLength((int) DecoderConfig.DEFAULT_MAX_FRAME_PAYLOAD_LENGTH)
                .build()));
        channel.writeInbound(Unpooled.wrappedBuffer(frame));
        BinaryWebSocketFrame read = channel.readInbound();
        try {
            assertNull(channel.readInbound(), "one frame");
            return ByteBufUtil.getBytes(read.content());
        } finally {
            read.release();
            channel.finishAndReleaseAll();
        }
    }

    private static byte[] readWithWeft(Direction way, byte[] frame) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int[] messages = {0};
        FrameDecoder decoder = MessageAssembler.decoder(DecoderConfig.defaults(way.receiver()), new MessageListener() {
            @Override
            public void onText(String text) {
                throw new AssertionError("a binary frame was written");
            }

            @Override
            public void onBinary(ByteBuffer data) {
                messages[0]++;
                message.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
            }
        });
        decoder.decode(ByteBuffer.wrap(frame));
        assertEquals(1, messages[0], "one message");
        return message.toByteArray();
    }
}
