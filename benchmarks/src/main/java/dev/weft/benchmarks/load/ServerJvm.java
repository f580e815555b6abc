package dev.weft.benchmarks.load;

import dev.weft.benchmarks.NettyFlags;
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
     * The defaults: the settings a user would start a server with, the same for every subject.
     * <ul>
     * <li>No fixed or pre-touched heap: the heap grows as the server needs it, so the resident set
     * counts what a user's server would hold (a pre-touched fixed heap made every server's resident
     * set large from the start and its growth per connection look small).</li>
     * <li>A 1 GiB ceiling, so no server sizes its heap from the machine's memory.</li>
     * <li>G1 is named because the JVM picks the serial collector on its own when it sees a single
     * processor, as a child pinned to one core does.</li>
     * <li>No tuning of the JDK's virtual-thread poller ({@code jdk.pollerMode}): it helps one
     * busy connection and costs at thousands (the README's Loom paragraph), and a user's server
     * runs the JDK's default.</li>
     * </ul>
     */
    public static final List<String> DEFAULT_OPTIONS = List.of("-Xmx1g", "-XX:+UseG1GC");

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
     * Returns the options the child actually gets: {@link #options()}, Netty's tuning
     * ({@link NettyFlags}: no leak detection, the pooled allocator; every child gets them, so every
     * server runs under the same command line), and on JDK 24 or newer the
     * switch that lets Netty use {@code sun.misc.Unsafe} without a warning (the same the launcher
     * gives Maven). Older JDKs do not know that switch and would refuse to start with it.
     *
     * @return the options, in order
     */
    public List<String> effectiveOptions() {
        List<String> all = new ArrayList<>(options);
        all.addAll(NettyFlags.all());
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
        return command(subject, Compression.NONE, prefix);
    }

    /**
     * Builds the command that runs one echo server child, taking permessage-deflate as
     * {@code compression} says.
     *
     * @param subject     the server
     * @param compression whether it negotiates permessage-deflate
     * @param prefix      words to run the JVM under; empty for none
     * @return the command
     */
    List<String> command(Subject subject, Compression compression, List<String> prefix) {
        List<String> command = new ArrayList<>(prefix);
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(effectiveOptions());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(EchoServerMain.class.getName());
        command.add(subject.label());
        command.add("0");
        if (compression.on()) {
            command.add(compression.label());
        }
        return command;
    }
}
