package dev.weft.benchmarks;

import dev.weft.codec.api.Route;
import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.frame.Role;
import dev.weft.codec.handshake.ClientHandshake;
import dev.weft.codec.handshake.OriginPolicy;
import dev.weft.codec.handshake.ServerHandshake;
import dev.weft.codec.http.HttpLimits;
import dev.weft.codec.http.HttpResponse;
import dev.weft.codec.spi.ServerBinding;
import dev.weft.codec.spi.Transport;
import dev.weft.codec.spi.TransportOptions;
import dev.weft.codec.spi.Transports;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A quick end-to-end echo load on loopback: C connections, each keeping W binary messages of S
 * bytes in flight against a Weft echo server, one server transport at a time, interleaved over
 * rounds so that machine noise spreads evenly. The clients run on Weft's NIO transport in the same
 * process, so they share the CPU with the server: figures compare transports with each other, not
 * with other machines. (The full harness with peers, CPU accounting and pre-encoded frames is
 * issue 9's.)
 */
public final class EchoLoad {

    private static final String USAGE = """
            usage: ./weft bench echo [options]
              --transports LIST   server transports to measure, comma-separated (default: every one found)
              --connections N     concurrent connections (default 64)
              --inflight W        messages in flight per connection (default 16)
              --size S            message size in bytes (default 16)
              --warmup SECONDS    warm-up per measurement (default 2)
              --seconds SECONDS   measured window per measurement (default 5)
              --rounds R          rounds, each measuring every transport once (default 3)
            """;

    private EchoLoad() {
    }

    /**
     * Runs the load and prints a table of medians.
     *
     * @param args the options in {@link #USAGE}
     * @throws Exception when the run fails
     */
    public static void main(String[] args) throws Exception {
        if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
            System.out.print(USAGE);
            return;
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench echo: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        System.out.printf("echo load: %d connections x %d in flight x %d B, %d s warm-up + %d s measured, %d rounds, %d cores%n",
                o.connections, o.inflight, o.size, o.warmup, o.seconds, o.rounds, Runtime.getRuntime().availableProcessors());
        List<List<Result>> byTransport = new ArrayList<>();
        for (int i = 0; i < o.transports.size(); i++) {
            byTransport.add(new ArrayList<>());
        }
        for (int round = 1; round <= o.rounds; round++) {
            for (int i = 0; i < o.transports.size(); i++) {
                String name = o.transports.get(i);
                Result r = measure(name, o);
                byTransport.get(i).add(r);
                System.out.printf("  round %d/%d %-5s %,12.0f msg/s  p50 %7.0f us  p99 %7.0f us%n", round, o.rounds, name,
                        r.messagesPerSecond, r.p50Micros, r.p99Micros);
            }
        }
        System.out.println();
        System.out.printf("%-10s %14s %10s %10s %10s%n", "server", "msg/s (med)", "MB/s", "p50 us", "p99 us");
        double first = 0;
        for (int i = 0; i < o.transports.size(); i++) {
            List<Result> rs = byTransport.get(i);
            double mps = median(rs.stream().mapToDouble(r -> r.messagesPerSecond).toArray());
            double p50 = median(rs.stream().mapToDouble(r -> r.p50Micros).toArray());
            double p99 = median(rs.stream().mapToDouble(r -> r.p99Micros).toArray());
            if (i == 0) {
                first = mps;
            }
            System.out.printf("%-10s %,14.0f %10.1f %10.0f %10.0f   (%.2fx %s)%n", o.transports.get(i), mps,
                    mps * o.size / 1e6, p50, p99, mps / first, o.transports.get(0));
        }
    }

    record Result(double messagesPerSecond, double p50Micros, double p99Micros) {
    }

    private static Result measure(String serverTransport, Options o) throws Exception {
        try (Transport server = Transports.provider(serverTransport).open(TransportOptions.defaults());
             Transport clients = Transports.provider("nio").open(TransportOptions.defaults())) {
            ServerHandshake handshake = new ServerHandshake(List.of(), OriginPolicy.any(), List.of());
            WebSocketHandler echo = new WebSocketHandler() {
                @Override
                public void onBinary(WebSocketSession session, ByteBuffer data) {
                    session.sendBinary(data);
                }
            };
            ServerBinding binding = server.bind(new InetSocketAddress("127.0.0.1", 0),
                    r -> r.path().equals("/echo") ? new Route.Upgrade(handshake, echo, ProtocolConfig.defaults(Role.SERVER))
                            : new Route.Respond(HttpResponse.text(404, "text/plain", "not found")),
                    HttpLimits.defaults(), null);
            URI uri = URI.create("ws://127.0.0.1:" + binding.localAddress().getPort() + "/echo");
            AtomicLong replies = new AtomicLong();
            ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
            Driver[] drivers = new Driver[o.connections];
            for (int i = 0; i < o.connections; i++) {
                drivers[i] = new Driver(o, replies);
                drivers[i].session = clients.connect(ClientHandshake.of(uri), ProtocolConfig.defaults(Role.CLIENT), drivers[i], null)
                        .get(10, TimeUnit.SECONDS);
            }
            for (Driver d : drivers) {
                d.start();
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(o.warmup));
            for (Driver d : drivers) {
                d.recording = true;
            }
            long before = replies.get();
            long start = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(o.seconds));
            long count = replies.get() - before;
            double elapsed = (System.nanoTime() - start) / 1e9;
            for (Driver d : drivers) {
                d.stop();
                latencies.add(d.samples());
            }
            long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            binding.close();
            return new Result(count / elapsed, percentile(all, 0.50) / 1e3, percentile(all, 0.99) / 1e3);
        }
    }

    /** One connection: keeps W messages in flight and times each round trip. */
    private static final class Driver implements WebSocketHandler {
        private final Options o;
        private final AtomicLong replies;
        private final ConcurrentLinkedQueue<Long> sentAt = new ConcurrentLinkedQueue<>();
        private final long[] samples = new long[1 << 16];
        private int sampleCount;
        volatile WebSocketSession session;
        private volatile boolean running;
        volatile boolean recording;
        private final byte[] payload;

        Driver(Options o, AtomicLong replies) {
            this.o = o;
            this.replies = replies;
            this.payload = new byte[o.size];
        }

        void start() {
            running = true;
            for (int i = 0; i < o.inflight; i++) {
                send();
            }
        }

        void stop() {
            running = false;
        }

        private void send() {
            sentAt.add(System.nanoTime());
            session.sendBinary(ByteBuffer.wrap(payload));
        }

        @Override
        public void onBinary(WebSocketSession s, ByteBuffer data) {
            Long t = sentAt.poll();
            if (recording && t != null) {
                replies.incrementAndGet();
                samples[sampleCount++ & (samples.length - 1)] = System.nanoTime() - t;
            }
            if (running) {
                send();
            }
        }

        long[] samples() {
            return Arrays.copyOf(samples, Math.min(sampleCount, samples.length));
        }
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The command-line options. */
    private record Options(List<String> transports, int connections, int inflight, int size, int warmup, int seconds, int rounds) {
        static Options parse(String[] args) {
            List<String> transports = Transports.available();
            int connections = 64;
            int inflight = 16;
            int size = 16;
            int warmup = 2;
            int seconds = 5;
            int rounds = 3;
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + flag);
                }
                String value = args[++i];
                switch (flag) {
                    case "--transports" -> {
                        transports = List.of(value.toLowerCase(Locale.ROOT).split(","));
                        for (String t : transports) {
                            Transports.provider(t); // an unknown name fails here, with the names that exist
                        }
                    }
                    case "--connections" -> connections = positive(flag, value);
                    case "--inflight" -> inflight = positive(flag, value);
                    case "--size" -> size = positive(flag, value);
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--seconds" -> seconds = positive(flag, value);
                    case "--rounds" -> rounds = positive(flag, value);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            return new Options(transports, connections, inflight, size, warmup, seconds, rounds);
        }

        private static int positive(String flag, String value) {
            try {
                int n = Integer.parseInt(value);
                if (n <= 0) {
                    throw new IllegalArgumentException(flag + " must be positive: " + value);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " needs a number: " + value);
            }
        }
    }
}
