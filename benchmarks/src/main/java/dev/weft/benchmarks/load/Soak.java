package dev.weft.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The soak: one server in a child JVM holds many connections that echo numbered messages for
 * minutes, and the run checks what a server must keep doing for months: every message comes back
 * intact and in order ({@link SoakConnection}), the heap after GC stays flat while the
 * connections are held, and once they have closed the server's heap and open files are back where
 * they started.
 *
 * <p>The baseline is taken after one warm-up connection has come and gone. Thresholds, stated so that a reader can judge them: the heap after GC with every connection
 * open may not grow by more than {@value #HEAP_SLACK_MIB} MiB or 10 % (whichever is larger)
 * from the end of the first third of the run (warm-up, while pools fill) to the end; after every connection has closed it may not exceed the
 * heap before they opened by more than {@value #HEAP_SLACK_MIB} MiB; and the server's open
 * files must come back to at most {@value #FD_SLACK} more than before.
 */
final class Soak {

    static final int HEAP_SLACK_MIB = 16;
    static final int FD_SLACK = 4;
    private static final long MIB = 1024 * 1024;
    private static final int HANDSHAKES_AT_ONCE = 128;
    private static final Duration OPEN_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration CLOSE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration FD_SETTLE = Duration.ofSeconds(15);

    private Soak() {
    }

    /**
     * What one server's soak came to.
     *
     * @param server   the server's label
     * @param passed   whether every check held
     * @param findings one line per check, passed or not
     */
    record Verdict(String server, boolean passed, List<String> findings) {
    }

    /**
     * Soaks one server.
     *
     * @param subject  the server
     * @param plan     the run's settings
     * @param progress told a line per interval and per phase
     * @return the verdict
     * @throws LoadFailure if the server cannot be started or sampled
     */
    static Verdict run(Subject subject, SoakPlan plan, Consumer<String> progress) {
        String name = subject.label();
        try (ServerProcess server = EchoLoadHarness.start(subject, plan.jvm(), List.of())) {
            return soak(server, name, plan, progress);
        } catch (IOException e) {
            throw new LoadFailure(name + " server did not answer: " + e.getMessage(), e);
        }
    }

    private static Verdict soak(ServerProcess server, String name, SoakPlan plan, Consumer<String> progress) throws IOException {
        warmUp(server, name);
        long heapBefore = server.heapAfterGc();
        OptionalLong fdsBefore = openFiles(server.pid());
        progress.accept(String.format(Locale.ROOT, "soak %s: server up; heap after GC %s, %s open files", name, mib(heapBefore),
                count(fdsBefore)));

        SoakCounters counters = new SoakCounters();
        List<SoakConnection> connections = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch opened = new CountDownLatch(plan.connections());
        CountDownLatch go = new CountDownLatch(1);
        Semaphore handshakes = new Semaphore(HANDSHAKES_AT_ONCE);
        AtomicInteger openFailures = new AtomicInteger();
        // Read by every connection's thread; set once traffic starts, and moved up if one fails.
        AtomicLong deadline = new AtomicLong(Long.MAX_VALUE);
        long start = System.nanoTime();
        for (int id = 0; id < plan.connections(); id++) {
            SoakConnection c = new SoakConnection(id, server.target(), counters);
            connections.add(c);
            int connectionId = id;
            threads.add(Thread.ofVirtual().name("soak-" + name + "-" + id).start(() -> {
                try {
                    handshakes.acquire();
                    try {
                        c.open();
                    } finally {
                        handshakes.release();
                    }
                } catch (IOException | InterruptedException e) {
                    openFailures.incrementAndGet();
                    counters.fail(connectionId, 0, e instanceof IOException io ? io : new IOException("interrupted"));
                    c.abort();
                    opened.countDown();
                    return;
                }
                opened.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    c.abort();
                    return;
                }
                c.soak(plan.inflight(), plan.pause().toMillis(), () -> System.nanoTime() < deadline.get());
            }));
        }
        try {
            if (!opened.await(OPEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new LoadFailure(name + ": " + (plan.connections() - opened.getCount()) + " of " + plan.connections()
                        + " connections opened in " + OPEN_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadFailure("interrupted while opening connections");
        }
        OptionalLong fdsOpen = openFiles(server.pid());
        progress.accept(String.format(Locale.ROOT, "soak %s: %,d connections opened in %.1f s (%,d failed); %s open files", name,
                plan.connections() - openFailures.get(), (System.nanoTime() - start) / 1e9, openFailures.get(), count(fdsOpen)));

        // Traffic until the deadline, a line and a heap sample per interval.
        long trafficStart = System.nanoTime();
        deadline.set(trafficStart + plan.duration().toNanos());
        go.countDown();
        List<Long> heapSamples = new ArrayList<>();
        long lastEchoes = 0;
        long lastTime = trafficStart;
        while (System.nanoTime() < deadline.get() && counters.failures() == 0) {
            long left = deadline.get() - System.nanoTime();
            sleep(Duration.ofNanos(Math.min(left, plan.every().toNanos())));
            if (System.nanoTime() < deadline.get() - plan.every().toNanos() / 4 || heapSamples.isEmpty()) {
                long heap = server.heapAfterGc();
                heapSamples.add(heap);
                long now = System.nanoTime();
                long echoes = counters.echoes();
                progress.accept(String.format(Locale.ROOT,
                        "soak %s %s: %,d echoes verified (%,.0f/s), %,d failed connections; heap after GC %s; %s open files%s", name,
                        clock(now - trafficStart), echoes, (echoes - lastEchoes) / ((now - lastTime) / 1e9), counters.failures(),
                        mib(heap), count(openFiles(server.pid())), counters.pings() > 0 ? "; " + counters.pings() + " pings answered" : ""));
                lastEchoes = echoes;
                lastTime = now;
            }
        }
        // A failure ends the run early: stop everyone now.
        deadline.accumulateAndGet(System.nanoTime(), Math::min);
        long heapOpenLast = server.heapAfterGc();
        heapSamples.add(heapOpenLast);
        double trafficSeconds = (System.nanoTime() - trafficStart) / 1e9;

        // Every connection closes with 1000; then the server's heap and files must come back.
        long closeDeadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        int stuck = 0;
        for (Thread t : threads) {
            try {
                long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(closeDeadline - System.nanoTime()));
                if (!t.join(Duration.ofMillis(left))) {
                    stuck++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LoadFailure("interrupted while closing connections");
            }
        }
        connections.forEach(SoakConnection::abort);
        OptionalLong fdsAfter = settleOpenFiles(server.pid(), fdsBefore);
        long heapAfter = server.heapAfterGc();

        List<String> findings = new ArrayList<>();
        boolean passed = true;
        int good = plan.connections() - counters.failures();
        boolean messagesOk = counters.failures() == 0 && stuck == 0 && counters.closedCleanly() == plan.connections();
        passed &= messagesOk;
        findings.add(String.format(Locale.ROOT, "%s %,d connections for %s: %,d messages (%s) echoed intact and in order, %,.0f/s; "
                        + "%,d closed with 1000 cleanly%s%s",
                mark(messagesOk), plan.connections(), clock((long) (trafficSeconds * 1e9)), counters.echoes(),
                mib(counters.bytes()), counters.echoes() / Math.max(trafficSeconds, 1e-9), counters.closedCleanly(),
                counters.failures() == 0 ? "" : "; " + counters.failures() + " failed (" + good + " did not), first: " + counters.firstFailure(),
                stuck == 0 ? "" : "; " + stuck + " still running " + CLOSE_TIMEOUT.toSeconds() + " s after the end"));
        // The first third of the run is warm-up: pools and caches fill to what the load needs.
        // From then on the heap after GC must hold still.
        int settledAt = Math.min(heapSamples.size() - 1, Math.max(0, heapSamples.size() / 3 - 1));
        long settled = heapSamples.get(settledAt);
        long growth = heapOpenLast - settled;
        long allowed = Math.max(HEAP_SLACK_MIB * MIB, settled / 10);
        boolean flat = growth <= allowed;
        passed &= flat;
        findings.add(String.format(Locale.ROOT, "%s heap after GC with the connections open: %s after warm-up (sample %d), %s at the "
                        + "end (%s%s; at most +%s allowed); samples %s",
                mark(flat), mib(settled), settledAt + 1, mib(heapOpenLast), growth >= 0 ? "+" : "", mib(growth), mib(allowed),
                samples(heapSamples)));
        boolean heapBack = heapAfter <= heapBefore + HEAP_SLACK_MIB * MIB;
        passed &= heapBack;
        findings.add(String.format(Locale.ROOT, "%s heap after GC once every connection closed: %s (before they opened: %s)",
                mark(heapBack), mib(heapAfter), mib(heapBefore)));
        if (fdsBefore.isPresent() && fdsAfter.isPresent()) {
            boolean fdsBack = fdsAfter.getAsLong() <= fdsBefore.getAsLong() + FD_SLACK;
            passed &= fdsBack;
            findings.add(String.format(Locale.ROOT, "%s open files: %,d before, %s with the connections open, %,d after they closed",
                    mark(fdsBack), fdsBefore.getAsLong(), count(fdsOpen), fdsAfter.getAsLong()));
        } else {
            findings.add("? open files: /proc does not tell on this OS; not checked");
        }
        return new Verdict(name, passed, findings);
    }

    /**
     * Serves one connection to the end before the baseline is taken: a server makes some things
     * once, at its first connection (the JDK's I/O pollers for virtual threads, for one), and
     * those are not a leak.
     */
    private static void warmUp(ServerProcess server, String name) {
        SoakCounters counters = new SoakCounters();
        SoakConnection c = new SoakConnection(-1, server.target(), counters);
        try {
            c.open();
        } catch (IOException e) {
            c.abort();
            throw new LoadFailure(name + ": the warm-up connection failed: " + e.getMessage(), e);
        }
        long end = System.nanoTime() + Duration.ofMillis(300).toNanos();
        c.soak(2, 10, () -> System.nanoTime() < end);
        if (counters.failures() > 0) {
            throw new LoadFailure(name + ": the warm-up connection failed: " + counters.firstFailure());
        }
        // Give the server a moment to let go of the warm-up socket.
        sleep(Duration.ofMillis(200));
    }

    /**
     * Counts a process's open files.
     *
     * @param pid the process
     * @return the entries of {@code /proc/<pid>/fd}; empty where {@code /proc} does not tell
     */
    static OptionalLong openFiles(long pid) {
        Path fds = Path.of("/proc", Long.toString(pid), "fd");
        try (var entries = Files.list(fds)) {
            return OptionalLong.of(entries.count());
        } catch (IOException | SecurityException e) {
            return OptionalLong.empty();
        }
    }

    /** Waits for the server to let go of its sockets, which it may do a moment after the clients. */
    private static OptionalLong settleOpenFiles(long pid, OptionalLong before) {
        long end = System.nanoTime() + FD_SETTLE.toNanos();
        OptionalLong now = openFiles(pid);
        while (before.isPresent() && now.isPresent() && now.getAsLong() > before.getAsLong() + FD_SLACK && System.nanoTime() < end) {
            sleep(Duration.ofMillis(200));
            now = openFiles(pid);
        }
        return now;
    }

    private static String mark(boolean ok) {
        return ok ? "PASS" : "FAIL";
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
    }

    private static String count(OptionalLong n) {
        return n.isPresent() ? String.format(Locale.ROOT, "%,d", n.getAsLong()) : "?";
    }

    private static String samples(List<Long> heap) {
        StringBuilder s = new StringBuilder();
        for (long h : heap) {
            s.append(s.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", h / (double) MIB));
        }
        return s + " MiB";
    }

    private static String clock(long nanos) {
        long s = TimeUnit.NANOSECONDS.toSeconds(nanos);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadFailure("interrupted");
        }
    }
}
