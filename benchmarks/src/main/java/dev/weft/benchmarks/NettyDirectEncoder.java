package dev.weft.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * Netty 4.2's {@link WebSocket13FrameEncoder} driven directly, the way its base class
 * {@code MessageToMessageEncoder} drives it on a write: {@code encode} turns the frame into
 * buffers (from {@code ctx.alloc()}, the payload passed through where Netty gathers), then the
 * frame is released. Going through {@code EmbeddedChannel.writeOutbound} would add the embedded
 * channel's bookkeeping on Netty's side only.
 */
final class NettyDirectEncoder extends WebSocket13FrameEncoder {
    private final List<Object> out = new ArrayList<>();

    /**
     * Creates the encoder.
     *
     * @param maskPayload whether to mask, as a client does, with a fresh random key per frame
     */
    NettyDirectEncoder(boolean maskPayload) {
        super(maskPayload);
    }

    /**
     * Encodes one frame and hands each buffer of it to the sink, then releases them and the frame.
     *
     * @param ctx this encoder's context in its pipeline
     * @param frame the frame, whose reference this call takes over
     * @param sink where each buffer of the encoded frame goes
     * @throws Exception as Netty's encoder throws it
     */
    void encodeTo(ChannelHandlerContext ctx, WebSocketFrame frame, Sink sink) throws Exception {
        try {
            encode(ctx, frame, out);
        } finally {
            frame.release();
        }
        for (int i = 0; i < out.size(); i++) {
            ByteBuf bytes = (ByteBuf) out.get(i);
            sink.take(bytes);
            bytes.release();
        }
        out.clear();
    }
}
