package dev.weft.server.cli;

import dev.weft.codec.extension.deflate.DeflateConfig;
import dev.weft.codec.handshake.OriginPolicy;
import dev.weft.codec.spi.Transports;
import dev.weft.server.PemFiles;
import dev.weft.server.WeftServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./weft server}: the tutorial server ({@link WeftServer#tutorial()}) from the command
 * line.
 *
 * <p>Exit codes: 2 for bad options or unusable files (one line saying what is wrong, plus the
 * usage for options); 1 when the server cannot start (the port is in use); otherwise the server
 * runs until SIGTERM or Ctrl-C, then shuts down gracefully: every WebSocket client gets 1001
 * (going away) and up to 5 seconds to close.
 */
@Command(name = "weft server", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = ServerCommand.Version.class, usageHelpWidth = 100,
        description = {
            "Serves the WebSocket tutorial on one port:",
            "  /websocket    subprotocols echo (also when none is offered), reverse, dumb-increment-protocol",
            "  /rest         {\"result\": 123} as application/json",
            "  /test.html    the Mongoose test page; /lws.html the libwebsockets one",
            "  other paths   static files from --root",
            ""})
public final class ServerCommand implements Callable<Integer> {

    /** Exit code for a server that could not start, such as a port in use. */
    public static final int EXIT_CANNOT_START = 1;
    /** Exit code for bad options or unusable files. */
    public static final int EXIT_USAGE = 2;

    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8000",
            description = "port to listen on; 0 for any free port (default: ${DEFAULT-VALUE})")
    private int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "localhost",
            description = "interface to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface)")
    private String host;

    @Option(names = "--transport", paramLabel = "NAME", defaultValue = "nio",
            description = "transport: nio or loom (default: ${DEFAULT-VALUE})")
    private String transport;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = ".",
            description = "directory of static files (default: the current directory)")
    private Path root;

    @Option(names = "--serve-dotfiles",
            description = "also serve and list names starting with '.' (.git, .env); by default they are 404")
    private boolean serveDotfiles;

    @Option(names = "--no-server-header", description = "send no Server header field (default: Server: Weft)")
    private boolean noServerHeader;

    @Option(names = "--tls-cert", paramLabel = "PEM",
            description = "certificate chain (PEM); with --tls-key, serves wss:// and https://")
    private Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM",
            description = "private key (PEM: PKCS#8, or traditional RSA or EC)")
    private Path tlsKey;

    @Option(names = "--allowed-origin", paramLabel = "ORIGIN",
            description = "origin allowed to open WebSockets, such as https://example.com; repeatable"
                    + " (default: any); others get 403")
    private List<String> allowedOrigins = new ArrayList<>();

    @Option(names = "--max-message-size", paramLabel = "BYTES", converter = Sizes.class,
            description = "largest inbound message, such as 1048576, 64k or 16M (default: 64M); larger closes with 1009")
    private Long maxMessageSize;

    @Option(names = "--assembly-budget", paramLabel = "BYTES", converter = Sizes.class,
            description = "most bytes that unfinished inbound messages may hold over all connections, such as 256M;"
                    + " a message that would pass it closes with 1013 (default: a quarter of the maximum heap)")
    private Long assemblyBudget;

    @Option(names = "--queue-overflow", paramLabel = "POLICY", converter = QueueOverflows.class,
            description = "what a send past a connection's 64M outbound queue does: refuse-send (the send fails),"
                    + " close-policy-violation (1008) or close-try-again-later (1013) (default: refuse-send)")
    private dev.weft.codec.engine.QueueOverflow queueOverflow;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = Durations.class,
            description = "close connections silent this long, such as 30s, 5m or 0 for never (default: 5m)")
    private Duration idleTimeout;

    @Option(names = "--ping-interval", paramLabel = "DURATION", converter = Durations.class,
            description = "ping a WebSocket peer silent this long, such as 20s, or 0 for never (default: 20s)")
    private Duration pingInterval;

    @Option(names = "--ping-timeout", paramLabel = "DURATION", converter = Durations.class,
            description = "drop a peer whose pong is this late, or 0 to never (default: 20s)")
    private Duration pingTimeout;

    @Option(names = "--close-timeout", paramLabel = "DURATION", converter = Durations.class,
            description = "drop TCP when a closing handshake takes this long, or 0 to wait (default: 5s)")
    private Duration closeTimeout;

    @Option(names = "--deflate", description = "accept permessage-deflate (RFC 7692) compression; off by default,"
            + " since each compressing connection holds up to about 300 KiB of zlib memory")
    private boolean deflate;

    @Option(names = "--deflate-no-context-takeover", description = "with --deflate: both sides reset their"
            + " compression context per message, so idle connections hold no zlib memory (implies --deflate)")
    private boolean deflateNoContextTakeover;

    @Option(names = {"-q", "--quiet"}, description = "print only where the server listens, and errors")
    private boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "also an access-log line per HTTP request and per WebSocket session, and errors with stack traces")
    private boolean verbose;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean runUntilStopped;
    private volatile WeftServer server;

    /**
     * Creates the command.
     *
     * @param out             where the listening line and the log go
     * @param err             where errors go
     * @param runUntilStopped whether {@link #call()} blocks until the process is stopped, with a
     *                        shutdown hook for SIGTERM; {@code false} returns once the server is
     *                        started (for tests and embedding), leaving it to {@link #server()}
     */
    public ServerCommand(PrintStream out, PrintStream err, boolean runUntilStopped) {
        this.out = out;
        this.err = err;
        this.runUntilStopped = runUntilStopped;
    }

    /**
     * Runs {@code weft server} and exits with its code.
     *
     * @param args the command-line arguments
     */
    public static void main(String[] args) {
        System.exit(execute(new ServerCommand(System.out, System.err, true), args));
    }

    /**
     * Parses the arguments and runs the command.
     *
     * @param command the command
     * @param args    the arguments
     * @return the exit code: 0 (started, or help shown), 1 or 2
     */
    public static int execute(ServerCommand command, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(command.out, true));
        cli.setErr(new PrintWriter(command.err, true));
        cli.setParameterExceptionHandler((e, a) -> {
            PrintWriter w = e.getCommandLine().getErr();
            w.println("weft server: " + e.getMessage());
            w.println();
            e.getCommandLine().usage(w);
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            command.err.println("weft server: " + oneLine(e));
            if (command.verbose) {
                e.printStackTrace(command.err);
            }
            return EXIT_CANNOT_START;
        });
        return cli.execute(args);
    }

    /**
     * Returns the running server.
     *
     * @return the server, or {@code null} before it started
     */
    public WeftServer server() {
        return server;
    }

    /** The {@code --queue-overflow} given, or {@code null}: for tests, the server keeps it inside. */
    dev.weft.codec.engine.QueueOverflow queueOverflow() {
        return queueOverflow;
    }

    @Override
    public Integer call() throws Exception {
        if (quiet && verbose) {
            throw usage("--quiet and --verbose cannot be used together");
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw usage("--tls-cert and --tls-key go together: give both or neither");
        }
        if (port < 0 || port > 65535) {
            throw usage("--port must be 0-65535, not " + port);
        }
        if (!Transports.available().contains(transport)) {
            throw usage("unknown transport '" + transport + "' (available: " + String.join(", ", Transports.available()) + ")");
        }
        if (!Files.isDirectory(root)) {
            throw usage("--root " + root + " is not a directory");
        }
        try {
            OriginPolicy.allowList(allowedOrigins);
        } catch (IllegalArgumentException e) {
            throw usage("--allowed-origin: " + e.getMessage());
        }
        SSLContext tls = null;
        if (tlsCert != null) {
            try {
                tls = PemFiles.serverContext(tlsCert, tlsKey);
            } catch (IOException e) {
                err.println("weft server: " + oneLine(e));
                if (verbose) {
                    e.printStackTrace(err);
                }
                return EXIT_USAGE;
            }
        }

        // The clock's time zone loads its rules from a file on first use; load them now, while
        // descriptors are plenty, not in the middle of an fd flood where it would fail.
        LocalTime.now().format(TIME);
        Consumer<String> log = quiet ? null : line -> {
            try {
                out.println(LocalTime.now().format(TIME) + " " + line);
            } catch (Throwable lost) {
                // a log line must never fail the connection or the loop that wrote it
            }
        };
        WeftServer.Builder builder = WeftServer.tutorial()
                .host(host)
                .port(port)
                .transport(transport)
                .staticRoot(root)
                .serveDotfiles(serveDotfiles)
                .serverHeader(noServerHeader ? null : "Weft")
                .tls(tls)
                .allowedOrigins(allowedOrigins)
                .log(log != null ? log : line -> { }) // --quiet: refusals too stay unsaid, not sent to System.Logger
                .logRequests(verbose);
        if (maxMessageSize != null) {
            builder.maxMessageSize(maxMessageSize);
        }
        if (assemblyBudget != null) {
            builder.assemblyBudget(assemblyBudget);
        }
        if (queueOverflow != null) {
            builder.queueOverflow(queueOverflow);
        }
        if (idleTimeout != null) {
            builder.idleTimeout(idleTimeout);
        }
        if (pingInterval != null) {
            builder.pingInterval(pingInterval);
        }
        if (pingTimeout != null) {
            builder.pingTimeout(pingTimeout);
        }
        if (closeTimeout != null) {
            builder.closeTimeout(closeTimeout);
        }
        if (deflate || deflateNoContextTakeover) {
            builder.deflate(DeflateConfig.defaults().withNoContextTakeover(deflateNoContextTakeover));
        }
        WeftServer started = builder.build();
        try {
            started.start();
        } catch (BindException e) {
            err.println("weft server: cannot listen on port " + port + ": "
                    + (e.getMessage() != null && e.getMessage().startsWith("address in use") ? "the port is in use" : oneLine(e)));
            return EXIT_CANNOT_START;
        } catch (IOException e) {
            err.println("weft server: cannot listen on " + host + ":" + port + ": " + oneLine(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            return EXIT_CANNOT_START;
        }
        server = started;
        out.println("Starting WS listener on " + started.webSocketUri("/websocket") + " (" + reach(started.localAddress()) + ")");
        if (!quiet) {
            out.println("Serving " + root.toAbsolutePath().normalize() + " on " + started.httpUri("/")
                    + " (transport " + transport + (deflate || deflateNoContextTakeover ? "; permessage-deflate" : "") + "; test pages " + started.httpUri("/test.html") + " and /lws.html)");
        }
        out.flush();
        if (!runUntilStopped) {
            return 0;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("weft-server-shutdown").unstarted(() -> {
            if (!quiet) {
                out.println(LocalTime.now().format(TIME) + " shutting down: 1001 to " + started.openConnections() + " connection(s)");
            }
            try {
                started.shutdown(GRACE).get(GRACE.toSeconds() + 5, TimeUnit.SECONDS);
            } catch (Exception e) {
                started.close();
            }
            out.flush();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    /**
     * Says where the server can be reached from: the bound address, and whether other machines
     * can connect — the first thing to know about a server that serves a directory.
     */
    static String reach(InetSocketAddress bound) {
        InetAddress a = bound.getAddress();
        String ip;
        if (a.isAnyLocalAddress()) {
            // A dual-stack socket reports the IPv6 wildcard even when 0.0.0.0 was asked for.
            ip = "0.0.0.0";
        } else if (a.isLoopbackAddress() && a.getAddress().length == 16) {
            ip = "[::1]";
        } else {
            ip = a.getHostAddress().indexOf(':') >= 0 ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
        }
        String address = ip + ":" + bound.getPort();
        if (a.isLoopbackAddress()) {
            return "bound to " + address + ": this machine only; --host 0.0.0.0 opens it to the network";
        }
        if (a.isAnyLocalAddress()) {
            return "bound to " + address + ": every interface, open to the network";
        }
        return "bound to " + address;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }

    /** Reads sizes such as {@code 1048576}, {@code 64k}, {@code 16M} or {@code 1GiB} (binary units). */
    static final class Sizes implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            v = v.endsWith("ib") ? v.substring(0, v.length() - 2) : v.endsWith("b") ? v.substring(0, v.length() - 1) : v;
            long unit = 1;
            if (!v.isEmpty()) {
                switch (v.charAt(v.length() - 1)) {
                    case 'k' -> unit = 1L << 10;
                    case 'm' -> unit = 1L << 20;
                    case 'g' -> unit = 1L << 30;
                    default -> unit = 1;
                }
            }
            String digits = unit == 1 ? v : v.substring(0, v.length() - 1);
            try {
                long n = Long.parseLong(digits.trim());
                if (n <= 0) {
                    throw new CommandLine.TypeConversionException("'" + value + "' is not a positive size");
                }
                return Math.multiplyExact(n, unit);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a size (such as 1048576, 64k or 16M)");
            }
        }
    }

    /** Reads durations such as {@code 30} (seconds), {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
    static final class Durations implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            try {
                if (v.endsWith("ms")) {
                    return nonNegative(Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2))), value);
                }
                char last = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
                String digits = Character.isDigit(last) ? v : v.substring(0, v.length() - 1);
                long n = Long.parseLong(digits);
                return nonNegative(switch (last) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> {
                        if (!Character.isDigit(last)) {
                            throw new NumberFormatException();
                        }
                        yield Duration.ofSeconds(n);
                    }
                }, value);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (such as 30s, 5m or 0)");
            }
        }

        private static Duration nonNegative(Duration d, String value) {
            if (d.isNegative()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is negative");
            }
            return d;
        }
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = WeftServer.class.getPackage().getImplementationVersion();
            return new String[] {"weft server " + (v == null ? "(development build)" : v)};
        }
    }
}
