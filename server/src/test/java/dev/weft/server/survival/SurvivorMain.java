package dev.weft.server.survival;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.QueueOverflow;
import dev.weft.codec.http.HttpResponse;
import dev.weft.server.Subprotocol;
import dev.weft.server.WeftServer;

/**
 * The server a survival test attacks, run in a child JVM with a small heap: {@code /echo} echoes,
 * and {@code /received} says how many messages it has taken in;
 * {@code /throw} is a WebSocket endpoint whose handler throws the {@link Error} its message names;
 * {@code /throw-oom}, {@code /throw-soe} and {@code /throw-eiie} are HTTP routes that throw them
 * from the request's routing (on the NIO loop itself); {@code /heap} answers the heap in use after
 * a full GC. Prints {@code PORT n} once listening, and exits when its standard input closes, so
 * it never outlives the test.
 *
 * <p>Arguments: the transport, then optionally {@code queue HIGH LOW MAX} and {@code budget BYTES}.
 */
public final class SurvivorMain {

    private SurvivorMain() {
    }

    public static void main(String[] args) throws Exception {
        WeftServer.Builder builder = WeftServer.builder().host("127.0.0.1").port(0).transport(args[0]).threads(2)
                .webSocket("/echo", Subprotocol.of("echo", CountingEcho::new))
                .http("/received", request -> HttpResponse.text(200, "text/plain", Long.toString(CountingEcho.RECEIVED.get())))
                .webSocket("/throw", Subprotocol.of("throw", Thrower::new))
                .http("/heap", request -> HttpResponse.text(200, "text/plain", Long.toString(heapAfterGc())))
                .http("/throw-oom", request -> {
                    throw Errors.named("oom");
                })
                .http("/throw-soe", request -> {
                    throw Errors.named("soe");
                })
                .http("/throw-eiie", request -> {
                    throw Errors.named("eiie");
                });
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "queue" -> builder.outboundQueue(Long.parseLong(args[++i]), Long.parseLong(args[++i]), Long.parseLong(args[++i]));
                case "budget" -> builder.assemblyBudget(Long.parseLong(args[++i]));
                case "overflow" -> builder.queueOverflow(QueueOverflow.valueOf(args[++i]));
                default -> throw new IllegalArgumentException(args[i]);
            }
        }
        WeftServer server = builder.build().start();
        System.out.println("PORT " + server.port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // runs until the test closes our input or dies
        }
        System.exit(0);
    }

    static long heapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** Echoes every message, counting them: a test asks how many the server has taken in. */
    static final class CountingEcho implements WebSocketHandler {
        static final java.util.concurrent.atomic.AtomicLong RECEIVED = new java.util.concurrent.atomic.AtomicLong();

        @Override
        public void onText(WebSocketSession session, String text) {
            RECEIVED.incrementAndGet();
            session.sendText(text);
        }

        @Override
        public void onBinary(WebSocketSession session, java.nio.ByteBuffer data) {
            RECEIVED.incrementAndGet();
            session.sendBinary(data);
        }
    }

    /** A handler that throws, for real, the Error its text message names. */
    static final class Thrower implements WebSocketHandler {
        @Override
        public void onText(WebSocketSession session, String text) {
            throw Errors.named(text);
        }
    }

    /** Real Errors, made the way a defect would make them. */
    static final class Errors {
        private Errors() {
        }

        static Error named(String which) {
            switch (which) {
                case "oom" -> {
                    long[] huge = new long[Integer.MAX_VALUE - 16]; // 16 GiB: past any test heap
                    throw new AssertionError("allocated " + huge.length);
                }
                case "soe" -> {
                    return new AssertionError("returned from " + recurse(0));
                }
                case "eiie" -> {
                    return new AssertionError("initialized " + Broken.VALUE);
                }
                default -> throw new IllegalArgumentException(which);
            }
        }

        private static int recurse(int depth) {
            return recurse(depth + 1) + 1;
        }
    }

    /** A class whose initialization fails, as the JDK's time-zone data did under an fd flood. */
    static final class Broken {
        static final int VALUE = fail();

        private static int fail() {
            if (Boolean.parseBoolean("true")) {
                throw new IllegalStateException("cannot initialize");
            }
            return 0;
        }
    }
}
