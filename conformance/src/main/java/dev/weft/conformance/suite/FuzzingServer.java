package dev.weft.conformance.suite;

import dev.weft.codec.handshake.HandshakeResult;
import dev.weft.codec.handshake.OriginPolicy;
import dev.weft.codec.handshake.ServerHandshake;
import dev.weft.codec.http.HttpException;
import dev.weft.codec.http.HttpRequest;
import dev.weft.codec.http.HttpRequestParser;
import dev.weft.codec.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The fuzzer as a server, for clients under test: it speaks the protocol of Autobahn's
 * {@code fuzzingserver} mode, so that any testee client written for Autobahn runs against it
 * unchanged.
 *
 * <ul>
 *   <li>{@code /getCaseCount}: a text message with the number of cases, then a close.</li>
 *   <li>{@code /runCase?case=N&agent=A}: runs case N (1-based, in catalogue order) on this
 *       connection; the client echoes every message until the connection ends.</li>
 *   <li>{@code /updateReports?agent=A}: marks A's run as complete, then a close.</li>
 * </ul>
 */
public final class FuzzingServer implements AutoCloseable {

    private final List<CaseSpec> cases;
    private final CaseRunner runner;
    private final SuiteMode mode;
    private final Consumer<String> progress;
    private final ServerSocket listener;
    private final RandomGenerator random = new SecureRandom();
    private final ServerHandshake handshake = new ServerHandshake(List.of(), OriginPolicy.any(), List.of());
    private final Map<String, Map<Integer, CaseResult>> results = new ConcurrentHashMap<>();
    private final Map<String, Progress> progressByAgent = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int active;
    private volatile boolean closed;
    private Thread acceptor;

    /**
     * Binds the server; call {@link #start()} to accept.
     *
     * @param address  where to listen (port 0 for any)
     * @param cases    the cases, numbered from 1 in this order
     * @param mode     sizes and waits
     * @param progress receives a line now and then
     * @throws IOException if the address cannot be bound
     */
    public FuzzingServer(InetSocketAddress address, List<CaseSpec> cases, SuiteMode mode, Consumer<String> progress)
            throws IOException {
        this.cases = List.copyOf(cases);
        this.mode = mode;
        this.runner = new CaseRunner(mode);
        this.progress = progress;
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(address);
    }

    /**
     * Returns the port actually bound.
     *
     * @return the port
     */
    public int port() {
        return listener.getLocalPort();
    }

    /** Starts accepting connections, each served on a virtual thread of its own. */
    public void start() {
        acceptor = Thread.ofPlatform().daemon().name("fuzzing-server-accept").start(() -> {
            while (!closed) {
                try {
                    Socket s = listener.accept();
                    begin();
                    Thread.ofVirtual().name("fuzzing-server-" + s.getRemoteSocketAddress()).start(() -> {
                        try {
                            serve(s);
                        } finally {
                            end();
                        }
                    });
                } catch (IOException e) {
                    if (!closed) {
                        progress.accept("fuzzing server: accept failed: " + e.getMessage());
                    }
                }
            }
        });
    }

    /**
     * Returns an agent's results so far, in case order, once no connection is being served.
     *
     * @param agent   the agent's name
     * @param timeout how long to wait for cases still running
     * @return the results
     */
    public List<CaseResult> results(String agent, java.time.Duration timeout) {
        awaitIdle(timeout);
        Map<Integer, CaseResult> byNumber = results.getOrDefault(agent, Map.of());
        return new ArrayList<>(new TreeMap<>(byNumber).values());
    }

    /**
     * Returns the agents that have run cases.
     *
     * @return their names
     */
    public List<String> agents() {
        return new ArrayList<>(results.keySet());
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing is the goal
        }
        if (acceptor != null) {
            try {
                acceptor.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---------------------------------------------------------------- serving

    private void serve(Socket socket) {
        long start = System.nanoTime();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) mode.deadline().toMillis());
            InputStream in = socket.getInputStream();
            HttpRequestParser parser = new HttpRequestParser();
            byte[] buffer = new byte[16 * 1024];
            HttpRequest request = null;
            ByteBuffer bytes = null;
            int n = 0;
            while (request == null) {
                n = in.read(buffer);
                if (n < 0) {
                    socket.close();
                    return;
                }
                bytes = ByteBuffer.wrap(buffer, 0, n);
                request = parser.parse(bytes);
            }
            byte[] leftover = Arrays.copyOfRange(buffer, bytes.position(), n);
            Map<String, String> query = query(request.query());
            switch (request.path()) {
                case "/getCaseCount" -> announce(socket, request, leftover, Integer.toString(cases.size()));
                case "/runCase" -> runCase(socket, request, leftover, query, start);
                case "/updateReports" -> {
                    String agent = query.getOrDefault("agent", "");
                    progress.accept("fuzzing server: reports updated for agent '" + agent + "'");
                    announce(socket, request, leftover, null);
                }
                default -> respond(socket, HttpResponse.text(404, "text/plain",
                        "unknown path; try /getCaseCount, /runCase?case=N&agent=A or /updateReports?agent=A\n"));
            }
        } catch (IOException | HttpException e) {
            closeQuietly(socket);
        }
    }

    private void runCase(Socket socket, HttpRequest request, byte[] leftover, Map<String, String> query, long start)
            throws IOException {
        int number;
        try {
            number = Integer.parseInt(query.getOrDefault("case", ""));
        } catch (NumberFormatException e) {
            number = -1;
        }
        String agent = query.get("agent");
        if (number < 1 || number > cases.size() || agent == null || agent.isEmpty()) {
            respond(socket, HttpResponse.text(400, "text/plain",
                    "need case=1.." + cases.size() + " and a non-empty agent\n"));
            return;
        }
        CaseSpec spec = cases.get(number - 1);
        FuzzPeer peer = accept(socket, request, leftover, spec.deflate());
        if (peer == null) {
            return;
        }
        peer.start();
        CaseResult result = runner.run(spec, peer, start);
        results.computeIfAbsent(agent, a -> new ConcurrentHashMap<>()).put(number, result);
        progressByAgent.computeIfAbsent(agent, a -> new Progress(cases.size(), line -> progress.accept(line))).done(result);
    }

    /** Opens the WebSocket, sends {@code text} if not null, then closes with 1000. */
    private void announce(Socket socket, HttpRequest request, byte[] leftover, String text) throws IOException {
        FuzzPeer peer = accept(socket, request, leftover, null);
        if (peer == null) {
            return;
        }
        try (peer) {
            peer.start();
            if (text != null) {
                peer.write(peer.encode(Frame.of(Frame.TEXT, text)), 0, null);
            }
            peer.sendClose(FuzzPeer.closePayload(1000, ""), true);
            peer.observation().awaitUntil(s -> s.closeReceived() || s.ended(),
                    System.nanoTime() + mode.closeWait().toNanos());
        }
    }

    /** Runs the opening handshake, accepting permessage-deflate as {@code deflate} says if it is not null. */
    private FuzzPeer accept(Socket socket, HttpRequest request, byte[] leftover, DeflateTerms deflate) throws IOException {
        ServerHandshake rules = deflate == null ? handshake
                : new ServerHandshake(List.of(), OriginPolicy.any(), List.of(FuzzDeflate.factory(deflate)));
        HandshakeResult result = rules.accept(request);
        ByteBuffer response = result.response().encode();
        socket.getOutputStream().write(response.array(), response.arrayOffset() + response.position(), response.remaining());
        if (result instanceof HandshakeResult.Rejected) {
            socket.close();
            return null;
        }
        socket.setSoTimeout(0);
        FuzzPeer peer = new FuzzPeer(socket, leftover, false, random);
        if (result instanceof HandshakeResult.Accepted accepted) {
            for (var e : accepted.extensions()) {
                if (e instanceof FuzzDeflate.Agreed agreed) {
                    peer.useDeflate(agreed.deflate());
                }
            }
        }
        return peer;
    }

    private static void respond(Socket socket, HttpResponse response) throws IOException {
        ByteBuffer bytes = response.encode();
        socket.getOutputStream().write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        socket.close();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null) {
            return m;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                m.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                m.put(k, v);
            }
        }
        return m;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is the goal
        }
    }

    private void begin() {
        lock.lock();
        try {
            active++;
        } finally {
            lock.unlock();
        }
    }

    private void end() {
        lock.lock();
        try {
            active--;
            idle.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void awaitIdle(java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (active > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                idle.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }
}
