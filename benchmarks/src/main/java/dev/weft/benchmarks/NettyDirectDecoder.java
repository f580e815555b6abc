package dev.weft.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Netty 4.2's {@link WebSocket13FrameDecoder} driven directly, the way its base class
 * {@code ByteToMessageDecoder} drives it after a socket read, minus the cumulation buffer (one
 * read holds whole frames, so Netty would not copy them into one either): {@code decode} is called
 * until it makes no progress, and every frame it produces is fired down the pipeline from the
 * decoder's context at once, as Netty does.
 *
 * <p>Driving it through {@code EmbeddedChannel.writeInbound} instead would add the embedded
 * channel's own bookkeeping on Netty's side only; the decode benchmarks charge each library for its
 * real path and nothing else.
 */
final class NettyDirectDecoder extends WebSocket13FrameDecoder {
    private final List<Object> out = new ArrayList<>();

    /**
     * Creates the decoder.
     *
     * @param config as Netty's server protocol handler would pass it
     */
    NettyDirectDecoder(WebSocketDecoderConfig config) {
        super(config);
    }

    /**
     * Decodes every whole frame in {@code in} and fires each from {@code ctx}. Netty's decoder copies
     * each payload into a buffer from {@code ctx.alloc()}; whoever takes a frame releases it.
     *
     * @param ctx this decoder's context in its pipeline
     * @param in the bytes read, owned by the caller; read from its reader index, which moves
     * @throws Exception when the frames break the protocol, as Netty's decoder throws it
     */
    void decodeAll(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        while (in.isReadable()) {
            int before = in.readableBytes();
            decode(ctx, in, out);
            int produced = out.size();
            for (int i = 0; i < produced; i++) {
                ctx.fireChannelRead(out.get(i));
            }
            out.clear();
            if (produced == 0 && before == in.readableBytes()) {
                return;
            }
        }
    }
}
