package dev.weft.benchmarks.load;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the echo load measures and how: which servers, at which points, for how long, how often.
 * Immutable; start from {@link #defaults()} and change what differs.
 *
 * @param servers       the servers, measured in this order within each round
 * @param points        the points, measured in this order for each server
 * @param warmup        load before each measured window, for the JIT and the pools
 * @param window        the measured window per server and point
 * @param rounds        how often to measure everything; figures are medians over rounds
 * @param clientThreads the generator's selector threads
 * @param pin           whether to pin the server and the generator to a core each
 * @param text          whether messages are text (ASCII) instead of binary
 * @param jvm           the server children's JVM options
 */
public record EchoPlan(List<Subject> servers, List<EchoPoint> points, Duration warmup, Duration window, int rounds,
                       int clientThreads, boolean pin, boolean text, ServerJvm jvm) {

    /**
     * Checks the values and copies the lists.
     *
     * @throws IllegalArgumentException if a list is empty, a count below 1 or a duration
     *                                  negative (the window must be positive)
     */
    public EchoPlan {
        servers = List.copyOf(servers);
        points = List.copyOf(points);
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(jvm, "jvm");
        if (servers.isEmpty() || points.isEmpty()) {
            throw new IllegalArgumentException("need at least one server and one point");
        }
        if (warmup.isNegative() || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the warm-up must not be negative and the window must be positive");
        }
        if (rounds < 1 || clientThreads < 1) {
            throw new IllegalArgumentException("need at least one round and one client thread");
        }
    }

    /**
     * Returns the defaults: every server, {@link EchoPoint#defaults()}, 2 s warm-up, 5 s window,
     * 3 rounds, 1 client thread, unpinned, binary, {@link ServerJvm#defaults()}.
     *
     * @return the default plan
     */
    public static EchoPlan defaults() {
        return new EchoPlan(Subject.all(), EchoPoint.defaults(), Duration.ofSeconds(2), Duration.ofSeconds(5), 3, 1, false,
                false, ServerJvm.defaults());
    }

    /**
     * Returns a copy measuring other servers.
     *
     * @param servers the servers
     * @return the new plan
     */
    public EchoPlan withServers(List<Subject> servers) {
        return new EchoPlan(servers, points, warmup, window, rounds, clientThreads, pin, text, jvm);
    }

    /**
     * Returns a copy at other points.
     *
     * @param points the points
     * @return the new plan
     */
    public EchoPlan withPoints(List<EchoPoint> points) {
        return new EchoPlan(servers, points, warmup, window, rounds, clientThreads, pin, text, jvm);
    }

    /**
     * Returns a copy with other timing.
     *
     * @param warmup the warm-up per point
     * @param window the measured window per point
     * @param rounds the rounds
     * @return the new plan
     */
    public EchoPlan withTiming(Duration warmup, Duration window, int rounds) {
        return new EchoPlan(servers, points, warmup, window, rounds, clientThreads, pin, text, jvm);
    }

    /**
     * Returns a copy with another number of generator threads.
     *
     * @param clientThreads the selector threads
     * @return the new plan
     */
    public EchoPlan withClientThreads(int clientThreads) {
        return new EchoPlan(servers, points, warmup, window, rounds, clientThreads, pin, text, jvm);
    }

    /**
     * Returns a copy with pinning on or off.
     *
     * @param pin whether to pin
     * @return the new plan
     */
    public EchoPlan withPin(boolean pin) {
        return new EchoPlan(servers, points, warmup, window, rounds, clientThreads, pin, text, jvm);
    }

    /**
     * Returns a copy sending text or binary messages.
     *
     * @param text whether to send text
     * @return the new plan
     */
    public EchoPlan withText(boolean text) {
        return new EchoPlan(servers, points, warmup, window, rounds, clientThreads, pin, text, jvm);
    }

    /**
     * Returns a copy whose servers run with other JVM options.
     *
     * @param jvm the options
     * @return the new plan
     */
    public EchoPlan withJvm(ServerJvm jvm) {
        return new EchoPlan(servers, points, warmup, window, rounds, clientThreads, pin, text, jvm);
    }
}
