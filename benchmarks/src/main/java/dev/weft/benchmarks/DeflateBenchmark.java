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
import java.util.zip.Deflater;
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
 * permessage-deflate (RFC 7692) compressing one message per operation, as a server sends it: Weft's
 * compressor (the outbound transform of the extension its server negotiates) beside Netty's
 * permessage-deflate encoder (its server extension's, in an {@link EmbeddedChannel}, buffers from
 * the pooled allocator, leak detection off) and beside the plain {@link Deflater} loop into a
 * reused array: the floor, the same zlib with nothing around it.
 *
 * <p>Like for like: level 6, a 32 KiB window (bits 15), memory level 8, context takeover kept (the
 * RFC's default, each message may refer to the ones before), every message compressed (Weft's
 * threshold 0; Netty has none), each sync-flushed and its {@code 00 00 ff ff} removed. Weft and
 * Netty each hand back the message's compressed bytes in pooled memory, given back once read, as
 * their engines do once the bytes are in a frame (Weft a scratch array of its extension's pool,
 * Netty pooled buffers); the floor writes into one reused array.
 *
 * <p>Messages: a cycle of different ones ({@link DeflateMessages}), {@code json} (JSON-like text
 * that compresses well) or {@code random} (incompressible). Run with {@code -prof gc} for
 * allocation per message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {NettyFlags.LEAK_DETECTION_OFF, NettyFlags.POOLED_ALLOCATOR})
public class DeflateBenchmark {

    /** Message size in bytes. */
    @Param({"16", "1024", "65536"})
    public int size;

    /** {@code json} or {@code random}. */
    @Param({"json", "random"})
    public String data;

    private byte[][] messages;
    private ByteBuffer[] buffers;
    private int weftNext;
    private int nettyNext;
    private int plainNext;

    private Extension weft;
    private EmbeddedChannel netty;
    private Deflater plain;
    private byte[] plainOut;

    /** Builds the messages and every subject. */
    // Netty 4.2 deprecates its handshaker's short constructors in favour of ones that also take
    // allocation limits; the short ones apply Netty's default limits, which is what its users get.
    @SuppressWarnings("deprecation")
    @Setup
    public void setUp() {
        messages = DeflateMessages.cycle(data, size);
        buffers = new ByteBuffer[messages.length];
        for (int i = 0; i < messages.length; i++) {
            buffers[i] = ByteBuffer.wrap(messages[i]);
        }
        weft = new PerMessageDeflate(DeflateConfig.defaults().withThreshold(0))
                .accept(List.of(ExtensionOffer.of("permessage-deflate"))).orElseThrow();
        WebSocketServerExtension extension = new PerMessageDeflateServerExtensionHandshaker()
                .handshakeExtension(new WebSocketExtensionData("permessage-deflate", Map.of()));
        netty = new EmbeddedChannel(extension.newExtensionEncoder());
        plain = new Deflater(6, true);
        plainOut = new byte[size + size / 8 + 1024];
    }

    /** Frees the zlib streams. */
    @TearDown
    public void tearDown() {
        weft.release();
        netty.finishAndReleaseAll();
        plain.end();
    }

    /** Weft's server-side compressor: one message in, its compressed bytes out and given back. */
    @Benchmark
    public int weft() {
        ByteBuffer out = weftCompressed();
        int n = out.remaining();
        weft.outbound().recycle(out);
        return n;
    }

    /** Weft's compressed bytes of the next message; the caller gives them back with {@link #recycle}. */
    ByteBuffer weftCompressed() {
        ByteBuffer message = buffers[weftNext];
        weftNext = (weftNext + 1) % buffers.length;
        return weft.outbound().transformAll(message.duplicate(), true);
    }

    /** Gives Weft's compressor back a buffer {@link #weftCompressed()} returned; for tests. */
    void recycle(ByteBuffer compressed) {
        weft.outbound().recycle(compressed);
    }

    /** Netty's server-side permessage-deflate encoder on a binary frame of the message. */
    @Benchmark
    public void netty(Blackhole bh) {
        WebSocketFrame out = nettyFrame();
        bh.consume(out.content().readableBytes());
        out.release();
    }

    /** Netty's compressed frame of the next message; the caller releases it. */
    WebSocketFrame nettyFrame() {
        byte[] message = messages[nettyNext];
        nettyNext = (nettyNext + 1) % messages.length;
        netty.writeOutbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(message)));
        return netty.readOutbound();
    }

    /** Where the floor compresses to; for tests. */
    byte[] plainOut() {
        return plainOut;
    }

    /** The cycle of messages, in the order each subject compresses them; for tests. */
    byte[][] messages() {
        return messages;
    }

    /** The floor: {@link Deflater} with a sync flush into a reused array, nothing else. */
    @Benchmark
    public int zlibBaseline() {
        byte[] message = messages[plainNext];
        plainNext = (plainNext + 1) % messages.length;
        plain.setInput(message);
        int n = 0;
        do {
            n += plain.deflate(plainOut, n, plainOut.length - n, Deflater.SYNC_FLUSH);
        } while (n == plainOut.length);
        return n - 4;
    }
}
