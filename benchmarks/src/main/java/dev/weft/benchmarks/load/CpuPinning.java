package dev.weft.benchmarks.load;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps the server and the load generator off each other's core with {@code taskset}: the server
 * child runs on the first core this process may use, and this process (the generator) moves to
 * the second for the length of the run, then gets its old affinity back. Without pinning the
 * scheduler moves both about, and on a small machine they steal each other's cycles.
 */
final class CpuPinning implements AutoCloseable {

    private final int serverCore;
    private final String originalCores;

    private CpuPinning(int serverCore, String originalCores) {
        this.serverCore = serverCore;
        this.originalCores = originalCores;
    }

    /**
     * Pins this process to its second allowed core, if it can.
     *
     * @param progress told in one line why pinning is off, when it is
     * @return the pinning, to be closed after the run; empty when {@code taskset} is missing,
     *         fewer than two cores are allowed, or {@code taskset} refused
     */
    static Optional<CpuPinning> tryPin(Consumer<String> progress) {
        if (!onPath("taskset")) {
            progress.accept("pinning off: taskset is not on PATH (util-linux); running unpinned");
            return Optional.empty();
        }
        long pid = ProcessHandle.current().pid();
        try {
            String original = run("taskset", "-c", "-p", Long.toString(pid));
            // "pid 123's current affinity list: 0-3,6"
            String cores = original.substring(original.lastIndexOf(':') + 1).trim();
            List<Integer> allowed = expand(cores);
            if (allowed.size() < 2) {
                progress.accept("pinning off: this process may use only core " + cores + ", and pinning needs two; running unpinned");
                return Optional.empty();
            }
            run("taskset", "-a", "-c", "-p", Integer.toString(allowed.get(1)), Long.toString(pid));
            progress.accept("pinned: server on core " + allowed.get(0) + ", generator on core " + allowed.get(1));
            return Optional.of(new CpuPinning(allowed.get(0), cores));
        } catch (IOException e) {
            progress.accept("pinning off: " + e.getMessage() + "; running unpinned");
            return Optional.empty();
        }
    }

    /**
     * Returns the words that run a server child on its core.
     *
     * @return {@code taskset -c <core>}
     */
    List<String> serverPrefix() {
        return List.of("taskset", "-c", Integer.toString(serverCore));
    }

    /** Gives every thread of this process its old affinity back. */
    @Override
    public void close() {
        try {
            run("taskset", "-a", "-c", "-p", originalCores, Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            System.err.println("could not restore this process's CPU affinity: " + e.getMessage());
        }
    }

    /** Expands a CPU list such as {@code 0-2,5} into {@code [0, 1, 2, 5]}. */
    static List<Integer> expand(String list) {
        List<Integer> cores = new ArrayList<>();
        for (String part : list.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int dash = p.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1));
            for (int c = from; c <= to; c++) {
                cores.add(c);
            }
        }
        return cores;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (new File(dir, program).canExecute()) {
                return true;
            }
        }
        return false;
    }

    private static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + " interrupted");
        }
        return out;
    }
}
