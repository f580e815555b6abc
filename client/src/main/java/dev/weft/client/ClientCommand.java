package dev.weft.client;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import dev.weft.codec.frame.CloseCode;
import dev.weft.codec.frame.FailConnectionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./weft client}: connects, sends each message and prints the message that comes back,
 * then closes with 1000 and exits 0. Any failure prints one line on stderr, starting with
 * {@code weft client:}, and exits 1; bad arguments print such a line and the usage, and exit 2.
 *
 * <p>What comes back is printed as what it is (see {@code ReplyLine}): {@code GOT ECHO REPLY}
 * only for an echo; a message on another subprotocol, such as the dumb-increment counter the
 * server pushes on its own, is printed as a message of that subprotocol.
 *
 * <p>Options take the tutorial's single-dash form ({@code -url}, {@code -ca}, {@code -subprotocol})
 * and the usual double-dash one ({@code --url}, {@code --ca}, {@code --subprotocol}) alike.
 *
 * <p>{@code --timeout} bounds opening the connection (connect, TLS and the opening handshake
 * together), each reply, and the close.
 */
@Command(name = "weft client", mixinStandardHelpOptions = true, sortOptions = false, version = "weft client 0.1.0",
        description = {"Connect to a WebSocket server, send each message and print what comes back:",
            "GOT ECHO REPLY: [hello] for an echo, GOT MESSAGE (subprotocol): [...] for anything else."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every reply arrived and the server answered the close",
            "1:the connection, an exchange or the close failed (one line on stderr says which)",
            "2:bad arguments"})
// Not public: the command is no part of the library's API (the jar's Main-Class needs no public class).
final class ClientCommand implements Callable<Integer> {

    @Option(names = {"-url", "--url"}, paramLabel = "URL", description = "the server (default: ${DEFAULT-VALUE})")
    String url = "ws://localhost:8000/websocket";

    @Option(names = {"-ca", "--ca"}, paramLabel = "FILE", description = "trust the CA certificates in this PEM file (for wss URLs)")
    Path ca;

    @Option(names = {"-subprotocol", "--subprotocol"}, paramLabel = "P",
            description = "offer this subprotocol: reverse, or dumb-increment-protocol (a counter the server pushes)")
    String subprotocol;

    @Option(names = "--transport", paramLabel = "NAME", description = "nio or loom (default: ${DEFAULT-VALUE})")
    String transport = "nio";

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "how long to wait to connect (TCP, TLS and handshake together), for each reply and for the close (default: ${DEFAULT-VALUE})")
    int timeoutSeconds = 10;

    @Option(names = "--ping-interval", paramLabel = "DURATION", converter = Durations.class,
            description = "ping the server when it is silent this long, such as 20s, or 0 for never (default: 20s)")
    Duration pingInterval;

    @Option(names = "--ping-timeout", paramLabel = "DURATION", converter = Durations.class,
            description = "give the server up when its pong is this late, or 0 to never (default: 20s)")
    Duration pingTimeout;

    @Option(names = "--close-timeout", paramLabel = "DURATION", converter = Durations.class,
            description = "how long the closing handshake may take, such as 5s (default, and for 0: the --timeout)")
    Duration closeTimeout;

    @Option(names = "--proxy", paramLabel = "URL",
            description = "tunnel through this HTTP proxy, such as http://proxy:3128 or http://user:pass@proxy:3128 (default: https_proxy or http_proxy, minus no_proxy)")
    String proxy;

    @Option(names = "--deflate", description = "offer permessage-deflate (RFC 7692) compression")
    boolean deflate;

    @Option(names = "--verbose", description = "show stack traces of failures")
    boolean verbose;

    @Parameters(paramLabel = "MESSAGE", description = "messages to send (default: hello)")
    List<String> messages = List.of("hello");

    private PrintWriter out;
    private PrintWriter err;

    /**
     * Runs the command.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command with the given output streams (for tests and embedding).
     *
     * @param args the command line
     * @param out  where replies go
     * @param err  where errors and usage go
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        ClientCommand command = new ClientCommand();
        command.out = out;
        command.err = err;
        CommandLine cli = new CommandLine(command);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            // Picocli's own line does not say which command speaks; every error line here does.
            err.println("weft client: " + e.getMessage());
            e.getCommandLine().usage(err);
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("weft client: " + e.getMessage());
            if (command.verbose) {
                e.printStackTrace(err);
            }
            return 1;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public Integer call() throws Exception {
        URI uri;
        try {
            uri = new URI(url);
            dev.weft.codec.handshake.ClientHandshake.of(uri);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return usageError("bad -url '" + url + "': " + e.getMessage());
        }
        if (timeoutSeconds <= 0) {
            return usageError("--timeout must be positive");
        }
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        // One rule for an unanswered close, whatever the timeout: the engine gives up at the close
        // timeout and reports 1006, and that is what is reported; the wait below is only a backstop.
        Duration closeWithin = closeTimeout != null && !closeTimeout.isZero() ? closeTimeout : timeout;
        WeftClient.Builder builder = WeftClient.builder().connectTimeout(timeout).closeTimeout(closeWithin);
        if (pingInterval != null) {
            builder.pingInterval(pingInterval);
        }
        if (pingTimeout != null) {
            builder.pingTimeout(pingTimeout);
        }
        try {
            builder.transport(transport);
            if (ca != null) {
                builder.trustPem(ca);
            }
            if (subprotocol != null) {
                builder.subprotocols(subprotocol);
            }
            if (proxy != null) {
                builder.proxy(proxy);
            }
            if (deflate) {
                builder.deflate();
            }
        } catch (IllegalArgumentException e) {
            return usageError(e.getMessage());
        }
        WeftClient client;
        try {
            client = builder.build();
        } catch (IllegalArgumentException e) {
            return usageError(e.getMessage());
        }
        try (client) {
            BlockingWebSocket socket;
            try {
                socket = client.connectBlocking(uri);
            } catch (java.io.IOException e) {
                return failure(e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                return usageError(e.getMessage()); // such as an unusable https_proxy variable
            }
            ReplyLine replies = new ReplyLine(socket.subprotocol());
            for (String message : messages) {
                try {
                    socket.send(message);
                } catch (java.io.IOException e) {
                    BlockingWebSocket.Message.Closed closed = socket.awaitClosed(Duration.ofSeconds(2));
                    return closed != null ? closedEarly(socket, closed) : failure(e.getMessage(), e);
                }
                BlockingWebSocket.Message reply;
                try {
                    reply = socket.receive(timeout);
                } catch (TimeoutException e) {
                    return failure("no reply within " + timeoutSeconds + " s", e);
                }
                if (reply instanceof BlockingWebSocket.Message.Closed closed) {
                    return closedEarly(socket, closed);
                }
                out.println(replies.describe(message, reply));
            }
            BlockingWebSocket.Message.Closed closed = socket.close(1000, "", closeWithin.plusSeconds(5));
            if (closed == null || closed.code() == CloseCode.ABNORMAL_CLOSURE) {
                return failure("the server did not answer the close within " + seconds(closeWithin), null);
            }
            return 0;
        }
    }

    /** Reports a connection that ended before the exchange did, as what it was. */
    private int closedEarly(BlockingWebSocket socket, BlockingWebSocket.Message.Closed closed) {
        FailConnectionException violation = socket.protocolViolation();
        if (violation != null) {
            // This end failed the connection (§7.1.7): the code is ours, the fault the server's.
            return failure("the server broke the protocol: " + violation.getMessage() + " (closed with "
                    + violation.closeCode() + ")", violation);
        }
        if (closed.code() == CloseCode.ABNORMAL_CLOSURE) {
            return failure("the connection was lost: " + (closed.reason().isEmpty() ? "it closed without a close frame" : closed.reason()), null);
        }
        return failure("server closed the connection with " + closed.code()
                + (closed.reason().isEmpty() ? "" : " (" + closed.reason() + ")"), null);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private int usageError(String message) {
        err.println("weft client: " + message);
        new CommandLine(new ClientCommand()).usage(err);
        return 2;
    }

    private int failure(String message, Throwable e) {
        err.println("weft client: " + message);
        if (verbose && e != null) {
            e.printStackTrace(err);
        }
        return 1;
    }
}
