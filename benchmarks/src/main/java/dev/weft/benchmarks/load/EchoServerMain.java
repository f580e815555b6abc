package dev.weft.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The child process the harness runs each server in, so that its CPU time and memory are the
 * server's alone: {@code EchoServerMain <subject> <port> [compression]}, the last a
 * {@link Compression} label (none when left out).
 *
 * <p>It prints {@code ready <port>} once the server listens, then obeys one command per line on
 * standard input: {@code heap} collects garbage a few times and prints {@code heap <bytes>}, the
 * heap in use afterwards; {@code allocated} prints {@code allocated <bytes>}, the bytes every
 * thread has allocated on the heap so far (-1 where the JVM does not count them), so that the
 * harness can tell the allocation per message of a window; {@code settle} waits until the JIT
 * compiler has gone quiet and prints {@code settle <ms waited>}; {@code trim} asks the C library to
 * return the memory it holds free to the OS and prints {@code trim <what it did>}; {@code stop}, or
 * the end of input (the harness went away), stops the server and exits. Anything else prints {@code error <what>}. Startup failures go to standard
 * error, with exit status 1; bad arguments exit with status 2.
 */
public final class EchoServerMain {

    /** The line prefix that says the server listens. */
    static final String READY = "ready";
    /** The command, and the answer's prefix, for the heap in use after garbage collection. */
    static final String HEAP = "heap";
    /** The command, and the answer's prefix, for the bytes all threads have allocated so far. */
    static final String ALLOCATED = "allocated";
    /** The command, and the answer's prefix, that waits until the JIT compiler has gone quiet. */
    static final String SETTLE = "settle";
    /** The command, and the answer's prefix, that hands the C library's free memory back to the OS. */
    static final String TRIM = "trim";
    /**
     * How long the compiler must have finished nothing for {@link #SETTLE} to answer: over 5 s,
     * because HotSpot keeps the compiler's scratch memory pooled and hands it back to the C library
     * only every 5 s; a shorter quiet left megabytes of it to be freed during the measurement.
     */
    private static final Duration QUIET = Duration.ofSeconds(6);
    /** How long {@link #SETTLE} waits at most: a busy machine may keep a compiler going long. */
    private static final Duration QUIET_LIMIT = Duration.ofSeconds(30);
    /** The command that stops the server. */
    static final String STOP = "stop";

    private EchoServerMain() {
    }

    /**
     * Runs one echo server until told to stop.
     *
     * @param args the subject's label and the port (0 for any free one)
     * @throws IOException if standard input fails
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2 && args.length != 3) {
            System.err.println("usage: EchoServerMain <" + String.join("|", Subject.labels(Subject.all())) + "> <port> [none|deflate|deflate-no-context]");
            System.exit(2);
        }
        Subject subject;
        int port;
        Compression compression;
        try {
            subject = Subject.named(args[0]);
            port = Integer.parseInt(args[1]);
            compression = args.length == 3 ? Compression.named(args[2]) : Compression.NONE;
        } catch (IllegalArgumentException e) {
            System.err.println("EchoServerMain: " + e.getMessage());
            System.exit(2);
            return;
        }
        EchoServer server;
        try {
            server = subject.start(port, compression);
        } catch (Exception e) {
            System.err.println("EchoServerMain: " + subject.label() + " did not start");
            e.printStackTrace();
            System.exit(1);
            return;
        }
        System.out.println(READY + " " + server.port());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.trim().equals(STOP)) {
            String command = line.trim();
            if (command.equals(HEAP)) {
                System.out.println(HEAP + " " + usedHeapAfterGc());
            } else if (command.equals(SETTLE)) {
                System.out.println(SETTLE + " " + awaitQuietCompiler());
            } else if (command.equals(TRIM)) {
                System.out.println(TRIM + " " + trimNativeHeap());
            } else if (command.equals(ALLOCATED)) {
                System.out.println(ALLOCATED + " " + allocatedBytes());
            } else if (!command.isEmpty()) {
                System.out.println("error unknown command '" + command + "' (known: " + HEAP + ", " + ALLOCATED + ", " + STOP + ")");
            }
            System.out.flush();
        }
        server.close();
        // Some servers leave non-daemon threads behind; the process ends here in any case.
        System.exit(0);
    }

    /**
     * Returns the heap bytes every live thread of this JVM has allocated so far (threads that ended
     * no longer count; echo servers keep theirs), or -1 where the JVM does not say.
     */
    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
            return threads.getTotalThreadAllocatedBytes();
        }
        return -1;
    }

    /**
     * Collects garbage until the heap stops shrinking (at most a few times) and returns what stays
     * in use: the live data, which is what connections hold.
     */
    private static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (now >= used) {
                return Math.min(now, used);
            }
            used = now;
        }
        return used;
    }

    /**
     * Waits until the JIT compiler has added no compilation time for {@link #QUIET}, at most
     * {@link #QUIET_LIMIT}, so that code still being compiled (and the compiler's memory for it,
     * tens of megabytes for a large method) is done before the harness counts anything.
     *
     * @return the milliseconds waited, or -1 where the JVM does not count compilation time
     */
    private static long awaitQuietCompiler() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return -1;
        }
        long start = System.nanoTime();
        long quietSince = start;
        long compiled = jit.getTotalCompilationTime();
        while (System.nanoTime() - quietSince < QUIET.toNanos() && System.nanoTime() - start < QUIET_LIMIT.toNanos()) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long now = jit.getTotalCompilationTime();
            if (now != compiled) {
                compiled = now;
                quietSince = System.nanoTime();
            }
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * Asks the C library to hand the memory it holds free back to the OS (HotSpot's
     * {@code System.trim_native_heap}, the same as {@code jcmd <pid> System.trim_native_heap}), so
     * that the resident set counts memory in use and not memory freed and kept, such as the JIT
     * compiler's scratch memory for one large method.
     *
     * @return HotSpot's one-line answer, or {@code unsupported} where the JVM has no such command
     */
    private static String trimNativeHeap() {
        try {
            Object answer = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "systemTrimNativeHeap", new Object[0], new String[0]);
            String text = String.valueOf(answer).strip();
            return text.isEmpty() ? "done" : text.lines().findFirst().orElse("done");
        } catch (JMException | RuntimeException e) {
            return "unsupported";
        }
    }
}
