package dev.weft.benchmarks;

import java.util.List;

/**
 * The system properties every JVM that runs Netty in these benchmarks starts with, JMH forks and
 * echo-server children alike, so that Netty runs as a user tuned for speed runs it.
 *
 * <ul>
 *   <li>Leak detection off: at its default level it samples buffers and records where they were
 *       touched, a debugging aid whose cost would be charged to Netty.</li>
 *   <li>The pooled allocator: Netty 4.2 defaults to its adaptive allocator; the pooled one is the
 *       allocator Netty servers have long been tuned with, and the one the peer figures name.</li>
 * </ul>
 */
public final class NettyFlags {

    /** Turns Netty's buffer leak detector off. */
    public static final String LEAK_DETECTION_OFF = "-Dio.netty.leakDetection.level=disabled";
    /** Makes {@code ByteBufAllocator.DEFAULT} Netty's pooled allocator. */
    public static final String POOLED_ALLOCATOR = "-Dio.netty.allocator.type=pooled";

    private NettyFlags() {
    }

    /**
     * Returns both flags, in order.
     *
     * @return {@link #LEAK_DETECTION_OFF} and {@link #POOLED_ALLOCATOR}
     */
    public static List<String> all() {
        return List.of(LEAK_DETECTION_OFF, POOLED_ALLOCATOR);
    }
}
