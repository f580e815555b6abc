package dev.weft.benchmarks;

import dev.weft.codec.extension.Extension;
import dev.weft.codec.extension.ExtensionOffer;
import dev.weft.codec.extension.deflate.DeflateConfig;
import dev.weft.codec.extension.deflate.PerMessageDeflate;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * permessage-deflate (RFC 7692) on one message per operation: Weft's compressor and decompressor
 * beside Netty's permessage-deflate encoder and decoder (its server extension, in an
 * {@link EmbeddedChannel}) and beside the plain {@link Deflater}/{@link Inflater} loop, which is
 * the floor: the same zlib, level 6, with nothing around it. Context takeover is on for all three
 * (the RFC's default), so each message may refer to the ones before.
 *
 * <p>Data: {@code json} is JSON-like text that compresses well; {@code random} is incompressible.
 * The inflate benchmarks feed one message compressed on its own, so it decodes the same however
 * many times it is fed. Run with {@code -prof gc} for allocation per message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DeflateBenchmark {

    /** Message size in bytes. */
    @Param({"16", "1024", "65536"})
    public int size;

    /** {@code json} or {@code random}. */
    @Param({"json", "random"})
    public String data;

    private ByteBuffer message;
    private byte[] messageBytes;
    private byte[] compressed;

    private Extension weft;
    private EmbeddedChannel nettyEncoder;
    private EmbeddedChannel nettyDecoder;
    private Deflater plainDeflater;
    private Inflater plainInflater;
    private byte[] plainOut;

    /** Builds the message, its compressed form and every subject. */
    @Setup
    public void setUp() {
        messageBytes = data.equals("json") ? json(size) : random(size);
        message = ByteBuffer.wrap(messageBytes);
        compressed = compressAlone(messageBytes);
        PerMessageDeflate factory = new PerMessageDeflate(DeflateConfig.defaults().withThreshold(0));
        weft = factory.accept(List.of(ExtensionOffer.of("permessage-deflate"))).orElseThrow();
        WebSocketServerExtension netty = new PerMessageDeflateServerExtensionHandshaker()
                .handshakeExtension(new WebSocketExtensionData("permessage-deflate", Map.of()));
        nettyEncoder = new EmbeddedChannel(netty.newExtensionEncoder());
        nettyDecoder = new EmbeddedChannel(netty.newExtensionDecoder());
        plainDeflater = new Deflater(6, true);
        plainInflater = new Inflater(true);
        plainOut = new byte[size * 2 + 1024];
    }

    /** Frees the zlib streams. */
    @TearDown
    public void tearDown() {
        weft.release();
        nettyEncoder.finishAndReleaseAll();
        nettyDecoder.finishAndReleaseAll();
        plainDeflater.end();
        plainInflater.end();
    }

    @Benchmark
    public void deflateWeft(Blackhole bh) {
        bh.consume(weft.outbound().transformAll(message.duplicate(), true));
    }

    @Benchmark
    public void deflateNetty(Blackhole bh) {
        nettyEncoder.writeOutbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(messageBytes)));
        WebSocketFrame out = nettyEncoder.readOutbound();
        bh.consume(out.content().readableBytes());
        out.release();
    }

    @Benchmark
    public int deflatePlain() {
        plainDeflater.setInput(messageBytes);
        int n = 0;
        int k;
        do {
            k = plainDeflater.deflate(plainOut, n, plainOut.length - n, Deflater.SYNC_FLUSH);
            n += k;
        } while (n == plainOut.length);
        return n - 4;
    }

    @Benchmark
    public void inflateWeft(Blackhole bh) {
        weft.inbound().transform(ByteBuffer.wrap(compressed), true, bh::consume);
    }

    @Benchmark
    public void inflateNetty(Blackhole bh) {
        nettyDecoder.writeInbound(new BinaryWebSocketFrame(true, 4, Unpooled.wrappedBuffer(compressed)));
        WebSocketFrame in = nettyDecoder.readInbound();
        ByteBuf content = in.content();
        bh.consume(content.readableBytes());
        in.release();
    }

    @Benchmark
    public int inflatePlain() throws DataFormatException {
        plainInflater.setInput(compressed);
        int n = plainInflater.inflate(plainOut);
        plainInflater.setInput(TRAILER);
        return n + plainInflater.inflate(plainOut, n, plainOut.length - n);
    }

    private static final byte[] TRAILER = {0, 0, (byte) 0xff, (byte) 0xff};

    private static byte[] compressAlone(byte[] bytes) {
        Deflater d = new Deflater(6, true);
        d.setInput(bytes);
        byte[] out = new byte[bytes.length * 2 + 1024];
        int n = d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        d.end();
        return Arrays.copyOf(out, n - 4);
    }

    static byte[] json(int size) {
        Random r = new Random(42);
        StringBuilder b = new StringBuilder();
        while (b.length() < size) {
            b.append("{\"id\":").append(r.nextInt(100_000)).append(",\"name\":\"user").append(r.nextInt(1000))
                    .append("\",\"active\":").append(r.nextBoolean()).append(",\"tags\":[\"a\",\"b\"]},");
        }
        return b.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(42).nextBytes(b);
        return b;
    }
}
