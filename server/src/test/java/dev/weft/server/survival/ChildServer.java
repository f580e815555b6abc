package dev.weft.server.survival;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server in a child JVM, with the heap and the file-descriptor limit ({@code RLIMIT_NOFILE}) a
 * test gives it, so that an attack that exhausts either harms the child alone. Its output is
 * collected as it comes, for the test to read.
 */
final class ChildServer implements AutoCloseable {

    private static final Pattern PORT = Pattern.compile("(?:PORT |Starting WS listener on ws://127\\.0\\.0\\.1:)(\\d+).*");

    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final int port;

    private ChildServer(Process process) throws Exception {
        this.process = process;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines().forEach(line -> {
                    synchronized (output) {
                        output.add(line);
                    }
                    lines.add(line);
                });
            } catch (IOException | java.io.UncheckedIOException e) {
                lines.add("(output ended: " + e.getMessage() + ")");
            }
        });
        int found = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (found < 0 && System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                Matcher m = PORT.matcher(line);
                if (m.matches()) {
                    found = Integer.parseInt(m.group(1));
                }
            } else if (!process.isAlive()) {
                break;
            }
        }
        if (found < 0) {
            process.destroyForcibly();
            throw new AssertionError("the child server did not start:\n" + output());
        }
        this.port = found;
    }

    /**
     * Starts {@code mainClass} in a JVM with this test's class path.
     *
     * @param heap      such as {@code 256m}
     * @param maxFiles  the child's descriptor limit, or 0 to inherit the test's
     * @param mainClass the class to run
     * @param args      its arguments
     */
    static ChildServer start(String heap, int maxFiles, Class<?> mainClass, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:+UseSerialGC", "-Xss512k",
                "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        if (maxFiles > 0) {
            // The shell lowers its own limit, then becomes the JVM, which inherits it.
            StringBuilder line = new StringBuilder("ulimit -n " + maxFiles + " && exec");
            for (String word : command) {
                line.append(" '").append(word.replace("'", "'\\''")).append('\'');
            }
            command = List.of("bash", "-c", line.toString());
        }
        return new ChildServer(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the child has printed so far, standard error included. */
    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    long count(String fragment) {
        synchronized (output) {
            return output.stream().filter(l -> l.contains(fragment)).count();
        }
    }

    @Override
    public void close() throws IOException {
        process.getOutputStream().close(); // a SurvivorMain exits when its input ends
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                process.destroyForcibly(); // weft server does not read its input
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            // AutoCloseable.close should not throw InterruptedException: end the child, keep the flag.
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
