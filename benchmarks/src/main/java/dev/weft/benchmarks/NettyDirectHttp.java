package dev.weft.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP half of a Netty 4.2 WebSocket server, its handlers called directly: the
 * {@link HttpRequestDecoder} and the {@link HttpObjectAggregator} that
 * {@code WebSocketServerProtocolHandler} needs in front of it turn bytes into a
 * {@link FullHttpRequest}, and the {@link HttpResponseEncoder} turns the handshaker's answer into
 * bytes. Each handler is driven the way its base class drives it when a message passes through the
 * pipeline ({@code ByteToMessageDecoder} calls {@code decode} until it makes no progress,
 * {@code MessageToMessageDecoder} and {@code MessageToMessageEncoder} call {@code decode} or
 * {@code encode} and release the message), but without the pipeline between them, so Netty is
 * charged for its real work and nothing else, as Weft is.
 *
 * <p>An {@link EmbeddedChannel} holds the three handlers only to give each its context, whose
 * allocator is Netty's pooled one; no message goes through the channel.
 */
final class NettyDirectHttp implements AutoCloseable {

    /** The aggregator's limit on a request's body, Netty's usual 64 KiB. */
    private static final int MAX_CONTENT = 64 * 1024;

    private final Decoder decoder = new Decoder();
    private final Aggregator aggregator = new Aggregator();
    private final Encoder encoder = new Encoder();
    private final EmbeddedChannel channel = new EmbeddedChannel(decoder, aggregator, encoder);
    private final ChannelHandlerContext decoderContext;
    private final ChannelHandlerContext aggregatorContext;
    private final ChannelHandlerContext encoderContext;
    private final List<Object> decoded = new ArrayList<>();
    private final List<Object> aggregated = new ArrayList<>();
    private final List<Object> encoded = new ArrayList<>();

    /** Creates the handlers and their contexts. */
    NettyDirectHttp() {
        // Pooled whatever the defaults say, as a Netty server runs (the forks ask for it as well).
        channel.config().setAllocator(PooledByteBufAllocator.DEFAULT);
        decoderContext = channel.pipeline().context(decoder);
        aggregatorContext = channel.pipeline().context(aggregator);
        encoderContext = channel.pipeline().context(encoder);
    }

    /**
     * Decodes and aggregates one request.
     *
     * @param in the bytes read, owned by the caller; read from its reader index, which moves past
     *           what the decoder consumed
     * @return the request, which the caller owns and releases
     * @throws IllegalStateException if the bytes do not hold exactly one whole request
     * @throws Exception as Netty's handlers throw it
     */
    FullHttpRequest request(ByteBuf in) throws Exception {
        while (in.isReadable()) {
            int before = in.readableBytes();
            decoder.decode(decoderContext, in, decoded);
            int produced = decoded.size();
            for (int i = 0; i < produced; i++) {
                aggregate(decoded.get(i));
            }
            decoded.clear();
            if (produced == 0 && before == in.readableBytes()) {
                break;
            }
        }
        if (aggregated.size() != 1 || !(aggregated.get(0) instanceof FullHttpRequest request)) {
            List<Object> got = List.copyOf(aggregated);
            aggregated.forEach(ReferenceCountUtil::release);
            aggregated.clear();
            throw new IllegalStateException("Netty produced " + got + ", not one request");
        }
        aggregated.clear();
        return request;
    }

    /** What {@code MessageToMessageDecoder.channelRead} does with each decoded message. */
    private void aggregate(Object message) throws Exception {
        if (!aggregator.acceptInboundMessage(message)) {
            aggregated.add(message);
            return;
        }
        try {
            aggregator.decode(aggregatorContext, (HttpObject) message, aggregated);
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    /**
     * Encodes one response and hands each buffer of it to the sink, then releases them and the
     * response.
     *
     * @param response the response, whose reference this call takes over
     * @param sink where each buffer goes; each is valid only during its call
     * @return the number of bytes encoded
     * @throws Exception as Netty's encoder throws it
     */
    int write(FullHttpResponse response, Sink sink) throws Exception {
        try {
            encoder.encode(encoderContext, response, encoded);
        } finally {
            // The encoder releases a full message itself; release it here only if it did not.
            if (response.refCnt() > 0) {
                response.release();
            }
        }
        int bytes = 0;
        for (int i = 0; i < encoded.size(); i++) {
            ByteBuf b = (ByteBuf) encoded.get(i);
            bytes += b.readableBytes();
            sink.take(b);
            b.release();
        }
        encoded.clear();
        return bytes;
    }

    /** Releases anything left in the channel. */
    @Override
    public void close() {
        channel.finishAndReleaseAll();
    }

    /** Opens the decoder's {@code decode}. */
    private static final class Decoder extends HttpRequestDecoder {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
            super.decode(ctx, buffer, out);
        }
    }

    /** Opens the aggregator's {@code decode}. */
    private static final class Aggregator extends HttpObjectAggregator {
        Aggregator() {
            super(MAX_CONTENT);
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, HttpObject msg, List<Object> out)
                throws Exception {
            super.decode(ctx, msg, out);
        }
    }

    /** Opens the encoder's {@code encode}. */
    private static final class Encoder extends HttpResponseEncoder {
        @Override
        protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) throws Exception {
            super.encode(ctx, msg, out);
        }
    }
}
