package dev.weft.conformance.suite;

import dev.weft.codec.extension.Extension;
import dev.weft.codec.handshake.ClientHandshake;
import dev.weft.codec.http.HttpResponseHead;
import dev.weft.codec.http.HttpResponseParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The fuzzer as a client, against a server under test (Autobahn's {@code fuzzingclient} mode):
 * one TCP connection and opening handshake per case, then the case's script.
 */
public final class FuzzingClient {

    private final URI uri;
    private final CaseRunner runner;
    private final SuiteMode mode;
    private final RandomGenerator random = new SecureRandom();

    /**
     * Creates a fuzzing client.
     *
     * @param uri  the server's WebSocket URI ({@code ws://host:port/path})
     * @param mode sizes and waits
     */
    public FuzzingClient(URI uri, SuiteMode mode) {
        this.uri = uri;
        this.mode = mode;
        this.runner = new CaseRunner(mode);
    }

    /**
     * Runs cases one after another.
     *
     * @param cases    the cases
     * @param progress receives a line now and then
     * @return one result per case, in order
     */
    public List<CaseResult> run(List<CaseSpec> cases, Consumer<String> progress) {
        List<CaseResult> results = new ArrayList<>();
        Progress p = new Progress(cases.size(), progress);
        for (CaseSpec spec : cases) {
            CaseResult r = run(spec);
            results.add(r);
            p.done(r);
        }
        return results;
    }

    /**
     * Runs one case on a new connection.
     *
     * @param spec the case
     * @return its result; a connection or handshake failure is a FAILED result saying so
     */
    public CaseResult run(CaseSpec spec) {
        long start = System.nanoTime();
        FuzzPeer peer;
        try {
            peer = connect(spec);
        } catch (IOException | RuntimeException e) {
            return Failures.couldNotRun(spec, "could not open the connection: " + e.getMessage(), start);
        }
        peer.start();
        return runner.run(spec, peer, start);
    }

    private FuzzPeer connect(CaseSpec spec) throws IOException {
        ClientHandshake.Builder builder = ClientHandshake.builder(uri);
        if (spec.deflate() != null) {
            builder.extensions(List.of(FuzzDeflate.factory(spec.deflate())));
        }
        ClientHandshake handshake = builder.build();
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(handshake.host(), handshake.port()), (int) mode.closeWait().toMillis());
            socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            ByteBuffer request = handshake.requestBytes();
            socket.getOutputStream().write(request.array(), request.arrayOffset() + request.position(), request.remaining());
            InputStream in = socket.getInputStream();
            HttpResponseParser parser = new HttpResponseParser();
            byte[] buffer = new byte[16 * 1024];
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    throw new IOException("the server closed the connection during the opening handshake");
                }
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                HttpResponseHead head = parser.parse(bytes);
                if (head != null) {
                    ClientHandshake.Result agreed = handshake.validate(head);
                    socket.setSoTimeout(0);
                    byte[] leftover = Arrays.copyOfRange(buffer, bytes.position(), n);
                    FuzzPeer peer = new FuzzPeer(socket, leftover, true, random);
                    for (Extension e : agreed.extensions()) {
                        if (e instanceof FuzzDeflate.Agreed deflate) {
                            peer.useDeflate(deflate.deflate());
                        }
                    }
                    return peer;
                }
            }
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}
