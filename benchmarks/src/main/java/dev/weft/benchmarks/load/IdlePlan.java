package dev.weft.benchmarks.load;

import java.util.List;
import java.util.Objects;

/**
 * What the idle-connection scale measures: how many idle connections to hold against which
 * servers. Immutable; start from {@link #defaults()}.
 *
 * @param servers       the servers, in the order measured within each round
 * @param connections   idle connections to open to each server
 * @param concurrency   the most handshakes outstanding at once while opening
 * @param rounds        how often to measure everything; figures are medians over rounds
 * @param clientThreads the generator's selector threads
 * @param jvm           the server children's JVM options
 * @param warmup        connections opened and closed on each server before its first measurement,
 *                      so that one-time costs of opening connections are paid before anything is
 *                      counted (0 for none)
 */
public record IdlePlan(List<Subject> servers, int connections, int concurrency, int rounds, int clientThreads, ServerJvm jvm,
        int warmup) {

    /**
     * Checks the values and copies the list.
     *
     * @throws IllegalArgumentException if there is no server, a count is below 1 or the warm-up
     *                                  is negative
     */
    public IdlePlan {
        servers = List.copyOf(servers);
        Objects.requireNonNull(jvm, "jvm");
        if (servers.isEmpty() || connections < 1 || concurrency < 1 || rounds < 1 || clientThreads < 1) {
            throw new IllegalArgumentException("need a server, and at least 1 connection, handshake, round and client thread");
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("the warm-up cannot be negative");
        }
    }

    /**
     * Returns the defaults: every server, 10,000 connections, 256 handshakes at once, 1 round,
     * 1 client thread, {@link ServerJvm#defaults()}, a warm-up of as many connections as measured.
     *
     * @return the default plan
     */
    public static IdlePlan defaults() {
        return new IdlePlan(Subject.all(), 10_000, 256, 1, 1, ServerJvm.defaults(), 10_000);
    }

    /**
     * Returns a copy measuring other servers.
     *
     * @param servers the servers
     * @return the new plan
     */
    public IdlePlan withServers(List<Subject> servers) {
        return new IdlePlan(servers, connections, concurrency, rounds, clientThreads, jvm, warmup);
    }

    /**
     * Returns a copy with another scale; the warm-up becomes as many connections as measured.
     *
     * @param connections idle connections per server
     * @param concurrency handshakes outstanding at once
     * @return the new plan
     */
    public IdlePlan withConnections(int connections, int concurrency) {
        return new IdlePlan(servers, connections, concurrency, rounds, clientThreads, jvm, connections);
    }

    /**
     * Returns a copy with another warm-up.
     *
     * @param warmup connections opened and closed before the first measurement, 0 for none
     * @return the new plan
     */
    public IdlePlan withWarmup(int warmup) {
        return new IdlePlan(servers, connections, concurrency, rounds, clientThreads, jvm, warmup);
    }

    /**
     * Returns a copy with another number of rounds.
     *
     * @param rounds the rounds
     * @return the new plan
     */
    public IdlePlan withRounds(int rounds) {
        return new IdlePlan(servers, connections, concurrency, rounds, clientThreads, jvm, warmup);
    }

    /**
     * Returns a copy with another number of generator threads.
     *
     * @param clientThreads the selector threads
     * @return the new plan
     */
    public IdlePlan withClientThreads(int clientThreads) {
        return new IdlePlan(servers, connections, concurrency, rounds, clientThreads, jvm, warmup);
    }

    /**
     * Returns a copy whose servers run with other JVM options.
     *
     * @param jvm the options
     * @return the new plan
     */
    public IdlePlan withJvm(ServerJvm jvm) {
        return new IdlePlan(servers, connections, concurrency, rounds, clientThreads, jvm, warmup);
    }

    /**
     * Returns the label measurements carry.
     *
     * @return such as {@code 10,000 connections}
     */
    public String pointLabel() {
        return String.format(java.util.Locale.ROOT, "%,d connections", connections);
    }
}
