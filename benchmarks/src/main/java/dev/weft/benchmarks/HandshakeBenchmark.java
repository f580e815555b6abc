package dev.weft.benchmarks;

import dev.weft.codec.handshake.HandshakeResult;
import dev.weft.codec.handshake.OriginPolicy;
import dev.weft.codec.handshake.ServerHandshake;
import dev.weft.codec.http.HttpRequest;
import dev.weft.codec.http.HttpRequestParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The server's share of one RFC 6455 §4 opening handshake, Weft beside Netty 4.2, both on the same
 * {@link #REQUEST}, read from a direct buffer as a socket read hands it over, each library's own
 * code called directly with no harness around one side only.
 * What is compared is the {@code work} parameter:
 * <ul>
 *   <li>{@code parse-and-answer}: from the bytes of the request to the bytes of the
 *       {@code 101 Switching Protocols} answer. {@code weft}: {@link HttpRequestParser} parses the
 *       head, {@link ServerHandshake#accept} checks it and builds the response, which is encoded,
 *       as the codec's {@code ServerConnection} does. {@code netty}: {@code HttpRequestDecoder} and
 *       {@code HttpObjectAggregator} (which Netty's WebSocket server handler needs in front of it)
 *       make a {@link FullHttpRequest}, a {@link WebSocketServerHandshaker13} builds the response
 *       and {@code HttpResponseEncoder} writes it, each handler's {@code decode} or
 *       {@code encode} called directly (see {@link NettyDirectHttp}), on pooled buffers that are
 *       released.</li>
 *   <li>{@code answer-parsed}: from a request already parsed (once, by each library's own parser)
 *       to the bytes of the answer: {@code weft} is {@link ServerHandshake#accept} and the
 *       response's encoding, {@code netty} is {@code newHandshakeResponse} and the encoder.</li>
 * </ul>
 * The encoded answer goes to a blackhole on both sides. The parser, the handshake rules and
 * Netty's handlers are kept across operations, as they are across the requests of one server;
 * Netty's handshaker is made per request, as its handshaker factory does. Not measured on Netty's
 * side: the pipeline changes its {@code handshake} method makes after the answer (adding the frame
 * codec, removing the HTTP handlers), which Weft's engine has no counterpart of. Neither side
 * negotiates an extension or a subprotocol. Weft checks more (Host, Origin against its policy, the
 * form of the key and of the extension offer); Netty's handshaker checks the method,
 * {@code Connection}, {@code Upgrade} and the key's presence.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// Five warm-up seconds, not three: parsing, header maps, SHA-1 and Netty's handlers are many
// small methods, and on a busy machine the JIT needs about three seconds to settle them all.
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {NettyFlags.LEAK_DETECTION_OFF, NettyFlags.POOLED_ALLOCATOR})
public class HandshakeBenchmark {

    /** Parse the request's bytes, then answer: bytes in, bytes out. */
    static final String PARSE_AND_ANSWER = "parse-and-answer";
    /** Answer a request parsed beforehand: a parsed request in, bytes out. */
    static final String ANSWER_PARSED = "answer-parsed";

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

    /** What each operation does: {@value #PARSE_AND_ANSWER} or {@value #ANSWER_PARSED}. */
    @Param({PARSE_AND_ANSWER, ANSWER_PARSED})
    public String work;

    /** The request both sides answer; the tests swap in a bad one. */
    byte[] request = REQUEST;

    private boolean parse;
    private Sink sink;

    private ByteBuffer weftInput;
    private HttpRequestParser parser;
    private ServerHandshake handshake;
    private HttpRequest weftParsed;

    private NettyDirectHttp nettyHttp;
    private ByteBuf nettyInput;
    private FullHttpRequest nettyParsed;

    /**
     * Builds both sides and, for {@value #ANSWER_PARSED}, parses the request once with each.
     *
     * @param blackhole where the answers go
     * @throws Exception if Netty cannot parse the request
     */
    @Setup
    public void setUp(Blackhole blackhole) throws Exception {
        setUp(Sink.of(blackhole));
    }

    void setUp(Sink sink) throws Exception {
        if (!PARSE_AND_ANSWER.equals(work) && !ANSWER_PARSED.equals(work)) {
            throw new IllegalArgumentException("work is " + PARSE_AND_ANSWER + " or " + ANSWER_PARSED + ", not " + work);
        }
        this.sink = sink;
        parse = PARSE_AND_ANSWER.equals(work);
        // Both sides read the request from a direct buffer, as the socket reads of Weft's
        // transports and of Netty hand it over; a heap buffer would spare Weft the cost it pays
        // in a server.
        weftInput = ByteBuffer.allocateDirect(request.length).put(request).flip();
        parser = new HttpRequestParser();
        handshake = new ServerHandshake(List.of(), OriginPolicy.any(), List.of());
        nettyHttp = new NettyDirectHttp();
        // A pooled direct buffer, kept and reread like weftInput.
        nettyInput = PooledByteBufAllocator.DEFAULT.directBuffer(request.length).writeBytes(request);
        if (!parse) {
            weftParsed = weftParse();
            nettyParsed = nettyParse();
        }
    }

    /** Releases Netty's buffers and closes its channel. */
    @TearDown
    public void tearDown() {
        if (nettyParsed != null) {
            nettyParsed.release();
            nettyParsed = null;
        }
        nettyInput.release();
        nettyHttp.close();
    }

    /**
     * Weft: (parse,) accept, encode.
     *
     * @throws IllegalStateException if Weft refuses the request
     */
    @Benchmark
    public void weft() {
        if (!(weftDecide() instanceof HandshakeResult.Accepted accepted)) {
            throw new IllegalStateException("Weft refused the upgrade");
        }
        sink.take(accepted.response().encode());
    }

    /**
     * Netty: (decode and aggregate,) build the response, encode it.
     *
     * @throws Exception as Netty throws it, {@code WebSocketServerHandshakeException} for a refusal
     */
    @Benchmark
    public void netty() throws Exception {
        nettyHttp.write(nettyDecide(), sink);
    }

    /**
     * Weft's decision on the request: what {@link #weft()} does before encoding.
     *
     * @return the handshake's result
     */
    HandshakeResult weftDecide() {
        return handshake.accept(parse ? weftParse() : weftParsed);
    }

    /**
     * Netty's answer to the request: what {@link #netty()} does before encoding.
     *
     * @return the response, which the caller owns and releases
     * @throws Exception as Netty throws it, {@code WebSocketServerHandshakeException} for a refusal
     */
    FullHttpResponse nettyDecide() throws Exception {
        if (!parse) {
            return new Handshaker().response(nettyParsed);
        }
        FullHttpRequest parsed = nettyParse();
        try {
            return new Handshaker().response(parsed);
        } finally {
            parsed.release();
        }
    }

    private HttpRequest weftParse() {
        weftInput.clear();
        HttpRequest parsed = parser.parse(weftInput);
        if (parsed == null) {
            throw new IllegalStateException("the request head is incomplete");
        }
        return parsed;
    }

    private FullHttpRequest nettyParse() throws Exception {
        nettyInput.readerIndex(0);
        return nettyHttp.request(nettyInput);
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
