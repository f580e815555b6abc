package dev.weft.benchmarks;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * The application at the end of a Netty pipeline: takes each decoded frame as the decoder fires
 * it, hands its content to the sink and releases it at once, as a real handler would.
 *
 * <p>Reading the frames from {@code EmbeddedChannel}'s inbound queue afterwards would instead keep
 * a whole batch alive at once, and Netty's pooled allocator handles that pattern badly (a chunk
 * that fills to a quarter and then empties is freed, so the next batch allocates and zeroes a new
 * one), which would charge Netty for an artifact of the test harness rather than for decoding.
 */
final class NettyFrameConsumer extends ChannelInboundHandlerAdapter {
    private final Sink sink;

    /**
     * Creates the consumer.
     *
     * @param sink where each frame's content goes
     */
    NettyFrameConsumer(Sink sink) {
        this.sink = sink;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof WebSocketFrame frame) {
            try {
                sink.take(frame.content());
            } finally {
                frame.release();
            }
        } else {
            ctx.fireChannelRead(msg);
        }
    }
}
