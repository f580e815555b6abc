package dev.weft.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The launcher's {@code bench} command, run as a user runs it: {@code ./weft bench --help} lists
 * the benchmarks at once, with no build and no JDK lookup; a missing or unknown benchmark is a
 * one-line error naming the command, the list, and status 2. The Maven commands answer
 * {@code --help} themselves instead of handing it to Maven.
 */
@Timeout(60)
class LauncherHelpTest {

    record Run(int code, String out, String err) {
    }

    /** Runs the launcher at the top of this checkout (the module's parent directory). */
    static Run weft(String... args) throws Exception {
        Path launcher = Path.of("..", "weft").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(launcher), "the launcher is at the top of the checkout: " + launcher);
        List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("weft-out", ".txt");
        Path err = Files.createTempFile("weft-err", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            // No JDK and no Maven: help must not need them.
            builder.environment().put("PATH", "/usr/bin:/bin");
            builder.environment().put("JAVA_HOME", "/nonexistent");
            builder.environment().put("WEFT_JDK_DIRS", "/nonexistent");
            Process p = builder.start();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher answered");
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void benchHelpListsTheBenchmarksWithoutBuilding() throws Exception {
        for (String help : List.of("--help", "-h", "help")) {
            Run r = weft("bench", help);
            assertEquals(0, r.code(), r.toString());
            assertEquals("", r.err(), help);
            assertTrue(r.out().startsWith("usage: ./weft bench <benchmark> [options]"), r.out());
            for (String name : List.of("quick", "full", "echo", "idle", "soak", "jmh")) {
                assertTrue(r.out().contains("\n  " + name + " "), name + " in\n" + r.out());
            }
        }
    }

    @Test
    void aMissingOrUnknownBenchmarkIsOneLineAndStatus2() throws Exception {
        Run none = weft("bench");
        assertEquals(2, none.code(), none.toString());
        assertTrue(none.err().startsWith("weft bench: which benchmark?"), none.err());
        assertTrue(none.err().contains("usage: ./weft bench"), none.err());
        Run unknown = weft("bench", "nope");
        assertEquals(2, unknown.code(), unknown.toString());
        assertTrue(unknown.err().startsWith("weft bench: unknown benchmark 'nope'"), unknown.err());
        assertEquals("", unknown.out());
    }

    @Test
    void mavenCommandsAnswerHelpThemselves() throws Exception {
        for (String command : List.of("test", "build", "install")) {
            Run r = weft(command, "--help");
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().startsWith("usage: ./weft " + command + " ") && r.out().contains("[maven options]"), r.out());
        }
    }
}
