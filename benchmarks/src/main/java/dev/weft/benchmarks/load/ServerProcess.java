package dev.weft.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One echo server running in a child process ({@link EchoServerMain}): started, asked for its
 * heap, sampled for its CPU time and resident set, and stopped. Its standard error goes to a
 * temporary file whose end is quoted when something goes wrong, and deleted on close.
 */
final class ServerProcess implements AutoCloseable {

    /** Helidon's start on a busy two-core machine can take several seconds; none takes this long. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    private static final String END_OF_OUTPUT = "\u0000end";

    private final Subject subject;
    private final Process process;
    private final Path errors;
    private final Writer commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final int port;

    private ServerProcess(Subject subject, List<String> command) throws IOException {
        this.subject = subject;
        this.errors = Files.createTempFile("weft-echo-" + subject.label() + "-", ".log");
        this.process = new ProcessBuilder(command)
                .redirectError(errors.toFile())
                .start();
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = Thread.ofPlatform().daemon().name("server-output-" + subject.label()).unstarted(this::readOutput);
        reader.start();
        try {
            String ready = await(EchoServerMain.READY, START_TIMEOUT);
            this.port = Integer.parseInt(ready.substring(EchoServerMain.READY.length()).trim());
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            Files.deleteIfExists(errors);
            throw e;
        }
    }

    /**
     * Starts a server child and waits until it listens.
     *
     * @param subject the server
     * @param jvm     the child's JVM options
     * @param prefix  words to run the JVM under, such as {@code taskset -c 0}; empty for none
     * @return the running child
     * @throws IOException if it cannot start or does not say it is ready in time; the message
     *                     quotes the end of its standard error
     */
    static ServerProcess start(Subject subject, ServerJvm jvm, List<String> prefix) throws IOException {
        return start(subject, Compression.NONE, jvm, prefix);
    }

    /**
     * Starts a server child that takes permessage-deflate as {@code compression} says.
     *
     * @see #start(Subject, ServerJvm, List)
     */
    static ServerProcess start(Subject subject, Compression compression, ServerJvm jvm, List<String> prefix) throws IOException {
        return new ServerProcess(subject, jvm.command(subject, compression, prefix));
    }

    /**
     * Returns where the child listens.
     *
     * @return a target on loopback
     */
    EchoTarget target() {
        return new EchoTarget(subject.label(), "127.0.0.1", port, subject.speaksWebSocket());
    }

    /**
     * Returns the child's process id.
     *
     * @return the pid
     */
    long pid() {
        return process.pid();
    }

    /**
     * Returns the CPU time the child has used so far, user and system, over all its threads.
     *
     * @return nanoseconds; Linux counts in clock ticks, so the figure moves in steps of 10 ms
     * @throws IllegalStateException if the OS does not tell
     */
    long cpuNanos() {
        return process.info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("the OS does not report the server's CPU time"))
                .toNanos();
    }

    /**
     * Returns the child's resident set.
     *
     * @return bytes, empty where {@code /proc} does not tell
     */
    OptionalLong residentBytes() {
        return ProcFs.residentBytes(process.pid());
    }

    /**
     * Asks the child to collect garbage and tell the heap it still uses.
     *
     * @return bytes in use after collection
     * @throws IOException if the child does not answer
     */
    long heapAfterGc() throws IOException {
        send(EchoServerMain.HEAP);
        String answer = await(EchoServerMain.HEAP, ANSWER_TIMEOUT);
        return Long.parseLong(answer.substring(EchoServerMain.HEAP.length()).trim());
    }

    /**
     * Asks the child to wait until its JIT compiler has gone quiet (at most half a minute).
     *
     * @return the milliseconds the child waited, or -1 where its JVM does not count compilation time
     * @throws IOException if the child does not answer
     */
    long settle() throws IOException {
        send(EchoServerMain.SETTLE);
        String answer = await(EchoServerMain.SETTLE, ANSWER_TIMEOUT);
        return Long.parseLong(answer.substring(EchoServerMain.SETTLE.length()).trim());
    }

    /**
     * Asks the child to hand the memory its C library holds free back to the OS, so that its
     * resident set counts memory in use.
     *
     * @throws IOException if the child does not answer
     */
    void trimNativeHeap() throws IOException {
        send(EchoServerMain.TRIM);
        await(EchoServerMain.TRIM, ANSWER_TIMEOUT);
    }

    /**
     * Returns how many files the child holds open, its sockets among them.
     *
     * @return the count, empty where {@code /proc} does not tell
     */
    OptionalLong openFiles() {
        return ProcFs.openFiles(process.pid());
    }

    /**
     * Asks the child how many heap bytes its threads have allocated so far.
     *
     * @return bytes, or -1 where the child's JVM does not count them
     * @throws IOException if the child does not answer
     */
    long allocatedBytes() throws IOException {
        send(EchoServerMain.ALLOCATED);
        String answer = await(EchoServerMain.ALLOCATED, ANSWER_TIMEOUT);
        return Long.parseLong(answer.substring(EchoServerMain.ALLOCATED.length()).trim());
    }

    /**
     * Returns {@link #allocatedBytes()} as a supplier for {@link PointRun}.
     *
     * @return the supplier; it throws {@link LoadFailure} if the child does not answer
     */
    java.util.function.LongSupplier allocatedBytesSupplier() {
        return () -> {
            try {
                return allocatedBytes();
            } catch (IOException e) {
                throw new LoadFailure(e.getMessage(), e);
            }
        };
    }

    /** Tells the child to stop, and kills it if it has not within a few seconds. */
    @Override
    public void close() {
        try {
            send(EchoServerMain.STOP);
            commands.close();
        } catch (IOException ignored) {
            // it has gone already
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(errors);
        } catch (IOException ignored) {
            // a temporary file; the OS cleans up
        }
    }

    private void send(String command) throws IOException {
        commands.write(command + "\n");
        commands.flush();
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException ignored) {
            // the child went away; END_OF_OUTPUT says so
        }
        lines.add(END_OF_OUTPUT);
    }

    /** Waits for the child's next line that starts with {@code word}, failing on anything else. */
    private String await(String word, Duration timeout) throws IOException {
        try {
            String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                process.destroyForcibly();
                throw new IOException(subject.label() + " server said nothing for " + timeout.toSeconds() + " s (waiting for '"
                        + word + "')" + errorTail());
            }
            if (line.equals(END_OF_OUTPUT)) {
                lines.add(END_OF_OUTPUT);
                throw new IOException(subject.label() + " server exited" + exitStatus() + errorTail());
            }
            if (!line.startsWith(word + " ")) {
                throw new IOException(subject.label() + " server answered '" + line + "', expected '" + word + " ...'" + errorTail());
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the " + subject.label() + " server");
        }
    }

    private String exitStatus() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? " with status " + process.exitValue() : "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The last lines of the child's standard error, to say why it failed. */
    private String errorTail() {
        try {
            List<String> all = Files.readAllLines(errors);
            if (all.isEmpty()) {
                return "";
            }
            return "; its standard error ends:\n  " + String.join("\n  ", all.subList(Math.max(0, all.size() - 15), all.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
