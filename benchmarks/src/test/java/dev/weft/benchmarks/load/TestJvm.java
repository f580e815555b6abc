package dev.weft.benchmarks.load;

import java.util.List;

/** Server children for tests: a small heap, so that five of them start quickly one after another. */
final class TestJvm {

    /** The options every test child runs with. */
    static final ServerJvm SMALL = new ServerJvm(List.of("-Xmx256m", "-XX:+UseG1GC"));

    private TestJvm() {
    }
}
