package dev.weft.conformance.autobahn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code docker} commands the Autobahn run needs, and a way to run them that tests can
 * replace.
 *
 * <p>The container shares the host's network ({@code --network host}), so the fuzzer reaches a
 * testee on {@code 127.0.0.1} and a testee client reaches the fuzzer there. The spec directory
 * is mounted read-only at {@code /config}, the report directory at {@code /reports}.
 */
public final class Docker {

    /** The Autobahn|Testsuite image, pinned to its last release. */
    public static final String DEFAULT_IMAGE = "crossbario/autobahn-testsuite:0.8.2";

    /**
     * Runs commands. The default runs them as processes; tests give a fake.
     */
    public interface Runner {
        /**
         * Runs a command to its end.
         *
         * @param command the command and its arguments
         * @param timeout how long it may take
         * @param output  receives each line the command prints (stdout and stderr merged)
         * @return the exit code, or -1 if it did not finish in time (it is then killed)
         * @throws IOException if it cannot be started
         */
        int run(List<String> command, Duration timeout, java.util.function.Consumer<String> output) throws IOException;

        /**
         * Starts a command that keeps running (a server).
         *
         * @param command the command and its arguments
         * @param output  receives each line it prints
         * @return the running process
         * @throws IOException if it cannot be started
         */
        Process start(List<String> command, java.util.function.Consumer<String> output) throws IOException;
    }

    /**
     * Whether Docker can run containers here.
     *
     * @param available whether {@code docker info} succeeded
     * @param reason    why not, in one line, when it is not
     */
    public record Availability(boolean available, String reason) {
    }

    private Docker() {
    }

    /**
     * Asks {@code docker info}, which fails without a running engine even where the
     * {@code docker} command exists.
     *
     * @param runner runs the command
     * @return whether Docker is usable, and if not why
     */
    public static Availability check(Runner runner) {
        List<String> lines = new ArrayList<>();
        try {
            int code = runner.run(List.of("docker", "info", "--format", "{{.ServerVersion}}"), Duration.ofSeconds(20), lines::add);
            if (code == 0) {
                return new Availability(true, "");
            }
            String reason = lines.stream().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("exit code " + code);
            return new Availability(false, code < 0 ? "'docker info' did not answer in 20 s" : "'docker info' failed: " + reason.strip());
        } catch (IOException e) {
            return new Availability(false, "no 'docker' command: " + e.getMessage());
        }
    }

    /**
     * Returns the command that runs the fuzzer against servers and exits when done.
     *
     * @param image     the Autobahn image
     * @param user      {@code uid:gid} to run as (so the report belongs to the caller), or {@code null}
     * @param configDir the host directory holding the spec
     * @param reportDir the host directory for the report
     * @param specFile  the spec's file name in {@code configDir}
     * @return the command
     */
    public static List<String> fuzzingClientCommand(String image, String user, Path configDir, Path reportDir, String specFile) {
        List<String> c = base(null, user, configDir, reportDir);
        c.addAll(List.of(image, "wstest", "--mode", "fuzzingclient", "--spec", "/config/" + specFile));
        return c;
    }

    /**
     * Returns the command that runs the fuzzer as a server until stopped.
     *
     * @param image     the Autobahn image
     * @param name      the container's name, to stop it by
     * @param user      {@code uid:gid} to run as, or {@code null}
     * @param configDir the host directory holding the spec
     * @param reportDir the host directory for the report
     * @param specFile  the spec's file name in {@code configDir}
     * @return the command
     */
    public static List<String> fuzzingServerCommand(String image, String name, String user, Path configDir, Path reportDir,
                                                    String specFile) {
        List<String> c = base(name, user, configDir, reportDir);
        c.addAll(List.of(image, "wstest", "--mode", "fuzzingserver", "--spec", "/config/" + specFile));
        return c;
    }

    /**
     * Returns the command that stops a named container.
     *
     * @param name the container's name
     * @return the command
     */
    public static List<String> stopCommand(String name) {
        return List.of("docker", "stop", "--time", "5", name);
    }

    private static List<String> base(String name, String user, Path configDir, Path reportDir) {
        List<String> c = new ArrayList<>(List.of("docker", "run", "--rm"));
        if (name != null) {
            c.addAll(List.of("--name", name));
        }
        if (user != null) {
            c.addAll(List.of("--user", user));
        }
        c.addAll(List.of("--network", "host",
                "--volume", configDir.toAbsolutePath() + ":/config:ro",
                "--volume", reportDir.toAbsolutePath() + ":/reports"));
        return c;
    }

    /**
     * Returns {@code uid:gid} of this process on Unix, so files the container writes belong to
     * the caller; {@code null} where that cannot be had.
     *
     * @param runner runs {@code id}
     * @return the user, or {@code null}
     */
    public static String currentUser(Runner runner) {
        try {
            List<String> uid = new ArrayList<>();
            List<String> gid = new ArrayList<>();
            if (runner.run(List.of("id", "-u"), Duration.ofSeconds(5), uid::add) == 0
                    && runner.run(List.of("id", "-g"), Duration.ofSeconds(5), gid::add) == 0
                    && uid.size() == 1 && gid.size() == 1) {
                return uid.get(0).strip() + ":" + gid.get(0).strip();
            }
        } catch (IOException ignored) {
            // not Unix, or no id command: run as the image's user
        }
        return null;
    }

    /** Runs commands as processes, their output merged and passed on line by line. */
    public static final class ProcessRunner implements Runner {
        @Override
        public int run(List<String> command, Duration timeout, java.util.function.Consumer<String> output) throws IOException {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            Thread pump = Thread.ofVirtual().name("output-" + command.get(0)).start(() -> pump(p.getInputStream(), output));
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    return -1;
                }
                pump.join(2000); // the last lines, which say why a command failed
                return p.exitValue();
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        @Override
        public Process start(List<String> command, java.util.function.Consumer<String> output) throws IOException {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            Thread.ofVirtual().name("output-" + command.get(0)).start(() -> pump(p.getInputStream(), output));
            return p;
        }

        private static void pump(InputStream in, java.util.function.Consumer<String> output) {
            try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    output.accept(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }
    }
}
