package dev.weft.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every subject of {@link DeflateBenchmark} and {@link InflateBenchmark} does the whole job: what
 * each compressor writes inflates back to the messages in order (one decompressor keeping its
 * context, as a peer with context takeover reads them), and what each decompressor gives back is
 * the message that was compressed. A subject that skipped work or dropped bytes fails here.
 */
class DeflateBenchmarkTest {

    private static final byte[] TRAILER = {0, 0, (byte) 0xff, (byte) 0xff};
    /** More than one pass through the shortest cycle, so the wrap-around is checked too. */
    private static final int ROUNDS = 20;

    @ParameterizedTest
    @CsvSource({"16, json", "1024, json", "65536, json", "65536, random"})
    void compressorsWriteWhatInflatesBackInOrder(int size, String data) throws Exception {
        DeflateBenchmark bench = new DeflateBenchmark();
        bench.size = size;
        bench.data = data;
        bench.setUp();
        Inflater weftPeer = new Inflater(true);
        Inflater nettyPeer = new Inflater(true);
        Inflater plainPeer = new Inflater(true);
        try {
            byte[][] messages = bench.messages();
            int rounds = Math.max(ROUNDS, messages.length + 2);
            for (int i = 0; i < rounds; i++) {
                byte[] expected = messages[i % messages.length];
                ByteBuffer weft = bench.weftCompressed();
                byte[] weftBytes = new byte[weft.remaining()];
                weft.get(weftBytes);
                bench.recycle(weft);
                assertArrayEquals(expected, inflate(weftPeer, weftBytes, size), "Weft's message " + i);

                WebSocketFrame netty = bench.nettyFrame();
                try {
                    assertTrue((netty.rsv() & 4) != 0, "Netty set RSV1");
                    assertArrayEquals(expected, inflate(nettyPeer, ByteBufUtil.getBytes(netty.content()), size), "Netty's message " + i);
                } finally {
                    netty.release();
                }

                int n = bench.zlibBaseline();
                assertArrayEquals(expected, inflate(plainPeer, Arrays.copyOf(bench.plainOut(), n), size), "the floor's message " + i);
            }
        } finally {
            weftPeer.end();
            nettyPeer.end();
            plainPeer.end();
            bench.tearDown();
        }
    }

    @ParameterizedTest
    @CsvSource({"16, json", "1024, json", "65536, json", "65536, random"})
    void decompressorsGiveBackEveryMessage(int size, String data) throws Exception {
        InflateBenchmark bench = new InflateBenchmark();
        bench.size = size;
        bench.data = data;
        bench.setUp();
        try {
            byte[][] messages = DeflateMessages.cycle(data, size);
            int rounds = Math.max(ROUNDS, messages.length + 2);
            for (int i = 0; i < rounds; i++) {
                byte[] expected = messages[i % messages.length];
                ByteArrayOutputStream weft = new ByteArrayOutputStream();
                bench.weft(chunk -> {
                    byte[] b = new byte[chunk.remaining()];
                    chunk.get(b);
                    weft.writeBytes(b);
                });
                assertArrayEquals(expected, weft.toByteArray(), "Weft's message " + i);

                WebSocketFrame netty = bench.nettyFrame();
                try {
                    assertArrayEquals(expected, ByteBufUtil.getBytes(netty.content()), "Netty's message " + i);
                } finally {
                    netty.release();
                }

                int n = bench.zlibBaseline();
                assertArrayEquals(expected, Arrays.copyOf(bench.plainOut(), n), "the floor's message " + i);
            }
        } finally {
            bench.tearDown();
        }
    }

    /** Inflates one message as §7.2.2 says: its bytes, then the trailer the sender removed. */
    private static byte[] inflate(Inflater inflater, byte[] message, int size) throws DataFormatException {
        byte[] out = new byte[size + 64];
        inflater.setInput(message);
        int n = inflater.inflate(out);
        inflater.setInput(TRAILER);
        n += inflater.inflate(out, n, out.length - n);
        return Arrays.copyOf(out, n);
    }
}
