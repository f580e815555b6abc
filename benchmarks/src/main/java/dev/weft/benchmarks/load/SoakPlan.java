package dev.weft.benchmarks.load;

import java.time.Duration;
import java.util.List;

/**
 * What a soak run does: for each server in turn, hold {@code connections} connections for
 * {@code duration}, each sending rounds of {@code inflight} numbered messages with a pause
 * between rounds, and sample the server every {@code every}.
 *
 * @param servers     the servers, each in its own child JVM
 * @param connections connections held at once
 * @param duration    how long each server is soaked
 * @param every       how often a progress line is printed and the server sampled
 * @param inflight    messages each connection sends before reading their echoes
 * @param pause       the pause between a connection's rounds
 * @param jvm         the server child's JVM
 */
record SoakPlan(List<Subject> servers, int connections, Duration duration, Duration every, int inflight, Duration pause,
                ServerJvm jvm) {

    /** Both of Weft's transports, 2,000 connections, 3 minutes, a line every 30 s, 2 in flight, 500 ms pauses. */
    static SoakPlan defaults() {
        return new SoakPlan(List.of(Subject.WEFT_NIO, Subject.WEFT_LOOM), 2000, Duration.ofMinutes(3), Duration.ofSeconds(30), 2,
                Duration.ofMillis(500), ServerJvm.defaults());
    }
}
