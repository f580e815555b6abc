package dev.weft.benchmarks;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * The application at the end of a Netty pipeline: takes each decoded frame as the decoder fires
 * it, hands its content (or, if asked, a text frame's {@code String}) to the sink and releases it
 * at once, as a real handler would.
 *
 * <p>Keeping frames to read them afterwards would instead hold a whole batch alive at once, and
 * Netty's pooled allocator handles that pattern badly (a chunk that fills to a quarter and then
 * empties is freed, so the next batch allocates and zeroes a new one), which would charge Netty for
 * an artifact of the test harness rather than for decoding.
 */
final class NettyFrameConsumer extends ChannelInboundHandlerAdapter {
    private final Sink sink;
    private final boolean textAsString;

    /**
     * Creates the consumer.
     *
     * @param sink where each frame's content goes
     * @param textAsString whether a text frame goes on as its {@code String}, as an application
     *                     reading text messages takes it, rather than as its bytes
     */
    NettyFrameConsumer(Sink sink, boolean textAsString) {
        this.sink = sink;
        this.textAsString = textAsString;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof WebSocketFrame frame) {
            try {
                if (textAsString && frame instanceof TextWebSocketFrame text) {
                    sink.take(text.text());
                } else {
                    sink.take(frame.content());
                }
            } finally {
                frame.release();
            }
        } else {
            ctx.fireChannelRead(msg);
        }
    }
}
