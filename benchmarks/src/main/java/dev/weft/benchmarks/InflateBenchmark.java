package dev.weft.benchmarks;

import dev.weft.codec.extension.Extension;
import dev.weft.codec.extension.ExtensionOffer;
import dev.weft.codec.extension.deflate.DeflateConfig;
import dev.weft.codec.extension.deflate.PerMessageDeflate;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.DataFormatException;
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
 * permessage-deflate (RFC 7692) inflating one received message per operation: Weft's
 * decompressor (the inbound transform of its server's extension) beside Netty's permessage-deflate
 * decoder (its server extension's, in an {@link EmbeddedChannel}, pooled allocator, leak detection
 * off) and beside the plain {@link Inflater} loop into a reused array, the floor.
 *
 * <p>The messages are a cycle ({@link DeflateMessages}) compressed in order by one compressor that
 * kept its context (level 6, window 15), as a client with context takeover sends them, and every
 * subject inflates them in that order with one decompressor that keeps its context too. Weft hands
 * the inflated bytes on in chunks of at most 8 KiB (its engine then gathers the message); Netty
 * gathers pooled buffers into one composite; the floor writes into one array.
 * Run with {@code -prof gc} for allocation per message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {NettyFlags.LEAK_DETECTION_OFF, NettyFlags.POOLED_ALLOCATOR})
public class InflateBenchmark {

    /** Message size in bytes, before compression. */
    @Param({"16", "1024", "65536"})
    public int size;

    /** {@code json} or {@code random}. */
    @Param({"json", "random"})
    public String data;

    private static final byte[] TRAILER = {0, 0, (byte) 0xff, (byte) 0xff};

    private byte[][] compressed;
    private int weftNext;
    private int nettyNext;
    private int plainNext;

    private Extension weft;
    private EmbeddedChannel netty;
    private Inflater plain;
    private byte[] plainOut;

    /** Builds the compressed messages and every subject. */
    // Netty 4.2 deprecates its handshaker's short constructors in favour of ones that also take
    // allocation limits; the short ones apply Netty's default limits, which is what its users get.
    @SuppressWarnings("deprecation")
    @Setup
    public void setUp() {
        compressed = DeflateMessages.compressed(DeflateMessages.cycle(data, size), 6);
        weft = new PerMessageDeflate(DeflateConfig.defaults().withThreshold(0))
                .accept(List.of(ExtensionOffer.of("permessage-deflate"))).orElseThrow();
        WebSocketServerExtension extension = new PerMessageDeflateServerExtensionHandshaker()
                .handshakeExtension(new WebSocketExtensionData("permessage-deflate", Map.of()));
        netty = new EmbeddedChannel(extension.newExtensionDecoder());
        plain = new Inflater(true);
        plainOut = new byte[size + 1024];
    }

    /** Frees the zlib streams. */
    @TearDown
    public void tearDown() {
        weft.release();
        netty.finishAndReleaseAll();
        plain.end();
    }

    /** Weft's server-side decompressor on one message, RSV1 set. */
    @Benchmark
    public void weft(Blackhole bh) {
        weft(bh::consume);
    }

    /** Weft's decompressor on the next message, its output chunks handed to {@code chunks}. */
    void weft(Consumer<ByteBuffer> chunks) {
        byte[] message = compressed[weftNext];
        weftNext = (weftNext + 1) % compressed.length;
        weft.inbound().transform(ByteBuffer.wrap(message), true, chunks);
    }

    /** Netty's server-side permessage-deflate decoder on one binary frame, RSV1 set. */
    @Benchmark
    public void netty(Blackhole bh) {
        WebSocketFrame in = nettyFrame();
        bh.consume(in.content().readableBytes());
        in.release();
    }

    /** Netty's inflated frame of the next message; the caller releases it. */
    WebSocketFrame nettyFrame() {
        byte[] message = compressed[nettyNext];
        nettyNext = (nettyNext + 1) % compressed.length;
        netty.writeInbound(new BinaryWebSocketFrame(true, 4, Unpooled.wrappedBuffer(message)));
        return netty.readInbound();
    }

    /** Where the floor inflates to; for tests. */
    byte[] plainOut() {
        return plainOut;
    }

    /** The floor: {@link Inflater} into a reused array, the trailer put back as §7.2.2 says. */
    @Benchmark
    public int zlibBaseline() throws DataFormatException {
        byte[] message = compressed[plainNext];
        plainNext = (plainNext + 1) % compressed.length;
        plain.setInput(message);
        int n = plain.inflate(plainOut);
        plain.setInput(TRAILER);
        return n + plain.inflate(plainOut, n, plainOut.length - n);
    }
}
