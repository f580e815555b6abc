package dev.weft.benchmarks.load;

import dev.weft.benchmarks.report.Role;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A server the harness measures, each in its own child process: Weft on either transport, the
 * peers Netty and Helidon, and the TCP echo that bounds what any WebSocket server can reach.
 */
public enum Subject {
    /** Weft on its selector transport. */
    WEFT_NIO("weft-nio", Role.WEFT, true),
    /** Weft on its virtual-thread transport. */
    WEFT_LOOM("weft-loom", Role.WEFT, true),
    /** Netty 4.2's WebSocket server on its NIO transport, the like-for-like peer of weft-nio. */
    NETTY("netty", Role.PEER, true),
    /** The same Netty server on its native epoll transport: Netty as fast as it runs on Linux. */
    NETTY_EPOLL("netty-epoll", Role.PEER, true),
    /** Helidon 4 SE's WebSocket server, a virtual thread per connection: the peer of weft-loom. */
    HELIDON("helidon", Role.PEER, true),
    /**
     * A plain NIO TCP echo without any WebSocket framing: the physical baseline. It sends back the
     * generator's masked client frames byte for byte, which the generator's reader accepts in this
     * mode only (see {@link #speaksWebSocket()}).
     */
    TCP_ECHO("tcp-echo", Role.BASELINE, false);

    private final String label;
    private final Role role;
    private final boolean webSocket;

    Subject(String label, Role role, boolean webSocket) {
        this.label = label;
        this.role = role;
        this.webSocket = webSocket;
    }

    /**
     * Returns the name used on the command line and in measurements.
     *
     * @return such as {@code weft-nio} or {@code tcp-echo}
     */
    public String label() {
        return label;
    }

    /**
     * Returns what this subject is to the reader of a report.
     *
     * @return {@link Role#WEFT}, {@link Role#PEER} or {@link Role#BASELINE}
     */
    public Role role() {
        return role;
    }

    /**
     * Returns whether the subject speaks WebSocket. The TCP baseline does not: it takes no
     * upgrade, and echoes the client's frames, masked as they were sent.
     *
     * @return {@code false} for the TCP baseline only
     */
    public boolean speaksWebSocket() {
        return webSocket;
    }

    /**
     * Finds a subject by its label.
     *
     * @param label such as {@code netty}, case ignored
     * @return the subject
     * @throws IllegalArgumentException naming the labels that exist, if none matches
     */
    public static Subject named(String label) {
        for (Subject s : values()) {
            if (s.label.equals(label.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown server '" + label + "'; known: " + String.join(", ", labels(all())));
    }

    /**
     * Returns every subject, Weft's first, the baseline last.
     *
     * @return the subjects in declaration order
     */
    public static List<Subject> all() {
        return Arrays.asList(values());
    }

    /**
     * Returns the labels of some subjects.
     *
     * @param subjects the subjects
     * @return their labels, in the same order
     */
    public static List<String> labels(List<Subject> subjects) {
        return subjects.stream().map(Subject::label).toList();
    }

    /**
     * Starts this subject's echo server in this process.
     *
     * @param port the port to listen on, 0 for any free one
     * @return the running server
     * @throws Exception if it cannot start
     */
    EchoServer start(int port) throws Exception {
        return start(port, Compression.NONE);
    }

    /**
     * Starts this subject's echo server in this process, taking permessage-deflate as
     * {@code compression} says.
     *
     * @param port        the port to listen on, 0 for any free one
     * @param compression whether to negotiate permessage-deflate
     * @return the running server
     * @throws IllegalArgumentException if compression is asked of a subject set up without it
     * @throws Exception if it cannot start
     */
    EchoServer start(int port, Compression compression) throws Exception {
        if (compression.on()) {
            return switch (this) {
                case WEFT_NIO -> WeftEchoServer.start("nio", port, compression);
                case WEFT_LOOM -> WeftEchoServer.start("loom", port, compression);
                case NETTY -> NettyEchoServer.start(port, NettyEchoServer.Transport.NIO, compression);
                case NETTY_EPOLL -> NettyEchoServer.start(port, NettyEchoServer.Transport.EPOLL, compression);
                case HELIDON, TCP_ECHO -> throw new IllegalArgumentException(label + " is not set up for permessage-deflate");
            };
        }
        return switch (this) {
            case WEFT_NIO -> WeftEchoServer.start("nio", port);
            case WEFT_LOOM -> WeftEchoServer.start("loom", port);
            case NETTY -> NettyEchoServer.start(port, NettyEchoServer.Transport.NIO);
            case NETTY_EPOLL -> NettyEchoServer.start(port, NettyEchoServer.Transport.EPOLL);
            case HELIDON -> HelidonEchoServer.start(port);
            case TCP_ECHO -> TcpEchoServer.start(port);
        };
    }
}
