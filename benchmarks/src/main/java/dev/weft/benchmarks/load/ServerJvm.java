package dev.weft.benchmarks.load;

import java.util.ArrayList;
import java.util.List;

/**
 * How every server child's JVM runs: the same options for every subject, so that figures differ
 * by the server and not by its settings. The JDK and class path are the harness's own.
 *
 * @param options JVM options, such as {@code -Xmx1g}
 */
public record ServerJvm(List<String> options) {

    /**
     * The defaults: a fixed 1 GiB heap, touched up front, on G1.
     * <ul>
     * <li>A fixed heap keeps heap sizing out of the throughput figures.</li>
     * <li>Touching it up front puts the whole heap in the resident set from the start, so the
     * resident set's growth while connections open is the memory they take outside the Java heap
     * (direct buffers, thread stacks, native allocations); the heap after GC counts the rest.</li>
     * <li>G1 is named because the JVM picks the serial collector on its own when it sees a single
     * processor, as a child pinned to one core does.</li>
     * </ul>
     */
    public static final List<String> DEFAULT_OPTIONS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-XX:+AlwaysPreTouch");

    /** Copies the options. */
    public ServerJvm {
        options = List.copyOf(options);
    }

    /**
     * Returns the default settings.
     *
     * @return {@link #DEFAULT_OPTIONS}
     */
    public static ServerJvm defaults() {
        return new ServerJvm(DEFAULT_OPTIONS);
    }

    /**
     * Returns the options the child actually gets: {@link #options()}, and on JDK 24 or newer the
     * switch that lets Netty use {@code sun.misc.Unsafe} without a warning (the same the launcher
     * gives Maven). Older JDKs do not know that switch and would refuse to start with it.
     *
     * @return the options, in order
     */
    public List<String> effectiveOptions() {
        List<String> all = new ArrayList<>(options);
        if (Runtime.version().feature() >= 24) {
            all.add("--sun-misc-unsafe-memory-access=allow");
        }
        return all;
    }

    /**
     * Builds the command that runs one echo server child with this JDK and class path.
     *
     * @param subject the server
     * @param prefix  words to run the JVM under, such as {@code taskset -c 0}; empty for none
     * @return the command
     */
    List<String> command(Subject subject, List<String> prefix) {
        List<String> command = new ArrayList<>(prefix);
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(effectiveOptions());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(EchoServerMain.class.getName());
        command.add(subject.label());
        command.add("0");
        return command;
    }
}
