package dev.weft.conformance.testee;

import dev.weft.client.WeftClient;
import dev.weft.codec.extension.deflate.DeflateConfig;
import dev.weft.codec.extension.deflate.DeflateParameters;
import dev.weft.codec.extension.deflate.PerMessageDeflate;
import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The client under test: a Weft client that drives a fuzzing server through Autobahn's
 * {@code fuzzingserver} protocol. It asks {@code /getCaseCount}, then for each case opens
 * {@code /runCase?case=N&agent=A} and echoes every message exactly as it arrives until the
 * connection ends, then calls {@code /updateReports?agent=A} so the server writes its report.
 */
public final class TesteeClient {

    /**
     * How a run went, from the client's side (the verdicts are the fuzzing server's).
     *
     * @param cases    the number of cases the server announced
     * @param problems cases the client could not run to their end, each in words
     */
    public record Outcome(int cases, List<String> problems) {
    }

    private final String transport;
    private final Duration caseTimeout;
    private final Consumer<String> progress;

    /**
     * Creates a testee client.
     *
     * @param transport   the transport, such as {@code nio} or {@code loom}
     * @param caseTimeout how long one case may take before the client gives up on it
     * @param progress    receives a line now and then
     */
    public TesteeClient(String transport, Duration caseTimeout, Consumer<String> progress) {
        this.transport = transport;
        this.caseTimeout = caseTimeout;
        this.progress = progress;
    }

    /**
     * permessage-deflate for sections 12-13: the context kept, or, as a second offer, reset per
     * message (which Autobahn's fuzzing server needs offered before it asks for it); every message
     * compressed, however short.
     */
    private static final PerMessageDeflate COMPRESSION = PerMessageDeflate.offering(DeflateConfig.defaults().withThreshold(0),
            List.of(new DeflateParameters(false, false, DeflateParameters.ABSENT, DeflateParameters.NO_VALUE),
                    new DeflateParameters(false, true, DeflateParameters.ABSENT, DeflateParameters.NO_VALUE)));

    /**
     * Runs every case the server has.
     *
     * @param server the fuzzing server's base URI, such as {@code ws://127.0.0.1:9001}
     * @param agent  the name to report under
     * @return how it went
     * @throws IOException              if the case count cannot be had or the report not updated
     * @throws IllegalArgumentException if the transport is unknown or the URI is not ws://
     */
    public Outcome run(URI server, String agent) throws IOException {
        String base = server.toString().replaceAll("/+$", "");
        String agentParam = URLEncoder.encode(agent, StandardCharsets.UTF_8);
        try (WeftClient client = WeftClient.builder().transport(transport)
                .limits(TesteeServer.LIMIT, TesteeServer.LIMIT)
                .deflate(COMPRESSION).build()) {
            Session count = open(client, URI.create(base + "/getCaseCount"), false);
            String text = count.awaitFirstText(caseTimeout);
            int cases;
            try {
                cases = Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw new IOException("the fuzzing server's case count is not a number: '" + text + "'");
            }
            progress.accept("testee client (" + transport + "): " + cases + " cases from " + base + " as agent '" + agent + "'");
            List<String> problems = new ArrayList<>();
            long start = System.nanoTime();
            int lastTenth = 0;
            for (int i = 1; i <= cases; i++) {
                URI uri = URI.create(base + "/runCase?case=" + i + "&agent=" + agentParam);
                try {
                    open(client, uri, true).awaitClose(caseTimeout);
                } catch (IOException e) {
                    problems.add("case " + i + ": " + e.getMessage());
                    progress.accept("testee client: case " + i + ": " + e.getMessage());
                }
                int tenth = i * 10 / cases;
                if (tenth != lastTenth || i == cases) {
                    lastTenth = tenth;
                    progress.accept(String.format("testee client: %d/%d cases run, %.1f s", i, cases,
                            (System.nanoTime() - start) / 1e9));
                }
            }
            open(client, URI.create(base + "/updateReports?agent=" + agentParam), false).awaitClose(caseTimeout);
            return new Outcome(cases, problems);
        }
    }

    private static Session open(WeftClient client, URI uri, boolean echo) throws IOException {
        Session s = new Session(echo);
        CompletableFuture<WebSocketSession> connecting = client.connect(uri, s);
        s.connecting = connecting;
        return s;
    }

    /** One connection: echoes if asked, and remembers the first text and the end. */
    private static final class Session implements WebSocketHandler {
        private final boolean echo;
        private final CompletableFuture<String> firstText = new CompletableFuture<>();
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private volatile CompletableFuture<WebSocketSession> connecting;

        Session(boolean echo) {
            this.echo = echo;
        }

        @Override
        public void onText(WebSocketSession session, String text) {
            firstText.complete(text);
            if (echo) {
                session.sendText(text);
            }
        }

        @Override
        public void onBinary(WebSocketSession session, ByteBuffer data) {
            if (echo) {
                session.sendBinary(data);
            }
        }

        @Override
        public void onClose(WebSocketSession session, int code, String reason) {
            firstText.complete(null);
            closed.complete(code);
        }

        String awaitFirstText(Duration timeout) throws IOException {
            awaitOpen(timeout);
            String text = await(firstText, timeout, "a message");
            if (text == null) {
                throw new IOException("the fuzzing server closed without sending the case count");
            }
            return text;
        }

        void awaitClose(Duration timeout) throws IOException {
            awaitOpen(timeout);
            await(closed, timeout, "the end of the connection");
        }

        private void awaitOpen(Duration timeout) throws IOException {
            await(connecting, timeout, "the connection");
        }

        private static <T> T await(CompletableFuture<T> f, Duration timeout, String what) throws IOException {
            try {
                return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new IOException(cause.getMessage(), cause);
            } catch (TimeoutException e) {
                throw new IOException("no " + what + " within " + timeout.toSeconds() + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}
