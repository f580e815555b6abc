package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code weft fuzz} command: it lists its targets, each of them a fuzz test class in the
 * codec, refuses a bad target or duration with usage and status 2, and runs Maven on the codec
 * alone with {@code JAZZER_FUZZ} set, the target's class and the duration in seconds. Maven here
 * is a stand-in script that records how it was called.
 */
@Timeout(60)
class FuzzLauncherTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    @Test
    void everyListedTargetIsAFuzzTestInTheCodec() throws Exception {
        Run r = weft("fuzz", "--list");
        assertEquals(0, r.exit(), r.toString());
        List<String> targets = List.of("frame", "assembler", "utf8", "http-request", "http-response", "server", "client");
        for (String t : targets) {
            assertTrue(r.out().contains("\n  " + t + " "), t + " in\n" + r.out());
        }
        String launcher = Files.readString(ROOT.resolve("weft"), StandardCharsets.UTF_8);
        for (String line : launcher.substring(launcher.indexOf("fuzz_targets() {")).lines().skip(2).toList()) {
            if (line.equals("TARGETS")) {
                break;
            }
            String className = line.trim().split("\\s+")[1];
            Path source = ROOT.resolve("codec/src/test/java").resolve(className.replace('.', '/') + ".java");
            assertTrue(Files.readString(source).contains("@FuzzTest"), className + " is not a fuzz test");
        }
    }

    @Test
    void aBadTargetOrDurationIsUsageAndStatus2() throws Exception {
        for (String[] args : List.of(new String[] {"fuzz", "nope", "--minutes", "1"}, new String[] {"fuzz", "frame"},
                new String[] {"fuzz", "frame", "--minutes", "0"}, new String[] {"fuzz", "frame", "--minutes", "soon"},
                new String[] {"fuzz", "--minutes", "1"}, new String[] {"fuzz", "frame", "--hours", "1"})) {
            Run r = weft(args);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r);
            assertTrue(r.err().contains("usage: ./weft fuzz TARGET --minutes N"), r.err());
            assertTrue(!Files.exists(dir.resolve("maven-calls")), "Maven ran for " + String.join(" ", args));
        }
    }

    @Test
    void aTargetRunsMavenOnTheCodecInFuzzingMode() throws Exception {
        Run r = weft("fuzz", "http-request", "--minutes", "3");
        assertEquals(0, r.exit(), r.toString());
        String call = Files.readString(dir.resolve("maven-calls"));
        assertTrue(call.startsWith("JAZZER_FUZZ=1|"), call);
        assertTrue(call.contains(" -pl codec "), call);
        assertTrue(call.contains(" -Dtest=dev.weft.codec.http.HttpRequestParserFuzzTest "), call);
        assertTrue(call.contains(" -Djazzer.internal.arg.1=-max_total_time=180"), call);
    }

    private Run weft(String... args) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\necho \"JAZZER_FUZZ=$JAZZER_FUZZ| $* \" >> '" + dir.resolve("maven-calls") + "'\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().add("bash");
        pb.command().add(ROOT.resolve("weft").toString());
        pb.command().addAll(List.of(args));
        pb.environment().clear();
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.redirectError(dir.resolve("stderr").toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher did not finish");
        return new Run(p.exitValue(), out, Files.readString(dir.resolve("stderr")));
    }
}
