package dev.weft.benchmarks;

import dev.weft.codec.handshake.HandshakeResult;
import dev.weft.codec.handshake.OriginPolicy;
import dev.weft.codec.handshake.ServerHandshake;
import dev.weft.codec.http.HttpRequest;
import dev.weft.codec.http.HttpRequestParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The server's share of one RFC 6455 §4 opening handshake: from the bytes of a browser's upgrade
 * request to the bytes of the {@code 101 Switching Protocols} answer, accept key included. Both
 * subjects take the same {@link #REQUEST}:
 * <ul>
 *   <li>{@code weft}: {@link HttpRequestParser} parses the head, {@link ServerHandshake#accept}
 *       checks it and builds the response, and the response is encoded, as the codec's
 *       {@code ServerConnection} does;</li>
 *   <li>{@code netty}: an {@link EmbeddedChannel} with {@link HttpRequestDecoder} and
 *       {@link HttpObjectAggregator} turns the bytes into a {@link FullHttpRequest}, a
 *       {@link WebSocketServerHandshaker13} (made per request, as Netty's handshaker factory
 *       does) builds the response, and {@link HttpResponseEncoder} writes it.</li>
 * </ul>
 * The parser, the channel and its pipeline are kept across operations, as they are across the
 * requests of one connection. Neither side negotiates an extension or a subprotocol. Weft checks
 * more (Host, Origin against its policy, the form of the key and of the extension offer); Netty's
 * handshaker checks the method, {@code Connection}, {@code Upgrade} and the key's presence.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// Five warm-up seconds, not three: parsing, header maps, SHA-1 and Netty's pipeline are many
// small methods, and on a busy machine the JIT needs about three seconds to settle them all.
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {NettyFlags.LEAK_DETECTION_OFF, NettyFlags.POOLED_ALLOCATOR})
public class HandshakeBenchmark {

    /** The key of the RFC 6455 §1.3 example, so the answer is known: see {@link #ACCEPT}. */
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    /** The {@code Sec-WebSocket-Accept} value §1.3 gives for {@link #KEY}. */
    static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    /**
     * An upgrade request as a desktop browser sends it, about 560 bytes: the fields a page's
     * {@code new WebSocket(url)} produces, a permessage-deflate offer, and a session cookie.
     */
    static final byte[] REQUEST = ("GET /chat?room=lobby HTTP/1.1\r\n"
            + "Host: chat.example.com\r\n"
            + "Connection: Upgrade\r\n"
            + "Pragma: no-cache\r\n"
            + "Cache-Control: no-cache\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/131.0.0.0 Safari/537.36\r\n"
            + "Upgrade: websocket\r\n"
            + "Origin: https://chat.example.com\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
            + "Accept-Language: en-US,en;q=0.9,de;q=0.8\r\n"
            + "Cookie: session=8f14e45fceea167a5a36dedd4bea2543; theme=dark; consent=2024-11\r\n"
            + "Sec-WebSocket-Key: " + KEY + "\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
            + "\r\n").getBytes(StandardCharsets.US_ASCII);

    private final ByteBuffer weftInput = ByteBuffer.wrap(REQUEST);
    private final HttpRequestParser parser = new HttpRequestParser();
    private final ServerHandshake handshake = new ServerHandshake(List.of(), OriginPolicy.any(), List.of());

    private EmbeddedChannel channel;

    /** Builds Netty's pipeline: request decoder, aggregator, response encoder. */
    @Setup
    public void setUp() {
        channel = new EmbeddedChannel(new HttpRequestDecoder(), new HttpObjectAggregator(64 * 1024),
                new HttpResponseEncoder());
    }

    /** Closes the channel and releases anything left in it. */
    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    /**
     * Weft: parse, accept, encode.
     *
     * @return the encoded 101 response, a new buffer from position 0 to its limit
     */
    @Benchmark
    public ByteBuffer weft() {
        weftInput.clear();
        HttpRequest request = parser.parse(weftInput);
        if (request == null) {
            throw new IllegalStateException("the request head is incomplete");
        }
        if (!(handshake.accept(request) instanceof HandshakeResult.Accepted accepted)) {
            throw new IllegalStateException("Weft refused the upgrade");
        }
        return accepted.response().encode();
    }

    /**
     * Netty: decode and aggregate, build the response, encode it.
     *
     * @return the size of the encoded response; its buffer has been released
     */
    @Benchmark
    public int netty() {
        ByteBuf response = nettyResponse();
        try {
            return response.readableBytes();
        } finally {
            response.release();
        }
    }

    /**
     * Runs Netty's side once.
     *
     * @return the encoded 101 response; the caller owns it and must release it
     */
    ByteBuf nettyResponse() {
        channel.writeInbound(Unpooled.wrappedBuffer(REQUEST));
        FullHttpRequest request = channel.readInbound();
        if (request == null) {
            throw new IllegalStateException("Netty produced no request");
        }
        try {
            channel.writeOutbound(new Handshaker().response(request));
        } finally {
            request.release();
        }
        // The encoder writes a response without a body as one buffer.
        ByteBuf encoded = channel.readOutbound();
        if (encoded == null) {
            throw new IllegalStateException("Netty encoded no response");
        }
        return encoded;
    }

    /** Opens Netty's protected response builder; the URL is what its factory would pass. */
    private static final class Handshaker extends WebSocketServerHandshaker13 {

        Handshaker() {
            // No subprotocols, no extensions, Netty's default 64 KiB frame limit.
            super("ws://chat.example.com/chat", null, false, 64 * 1024);
        }

        FullHttpResponse response(FullHttpRequest request) {
            return newHandshakeResponse(request, null);
        }
    }
}
