package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code weft} launcher's prerequisite check for {@code ./weft test}: it finds Chromium and
 * chromedriver where {@link Chromium} (and so {@link BrowserTest}) finds them, and when either is
 * missing it says in one line what to install and exits before Maven starts. Maven here is a
 * stand-in script on {@code PATH} that records how it was called.
 */
@Timeout(60)
class LauncherPrerequisitesTest {

    /** The launcher at the repository root; Surefire runs in the module directory. */
    private static final Path LAUNCHER = Path.of("").toAbsolutePath().getParent().resolve("weft");

    @TempDir
    Path dir;
    Path browsers;
    Path mavenCalls;
    Map<String, String> env;

    record Run(int exit, List<String> stderr) {
    }

    @BeforeEach
    void fakeMavenAndAnEmptyBrowserDirectory() throws IOException {
        browsers = Files.createDirectories(dir.resolve("browsers"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        mavenCalls = dir.resolve("maven-calls");
        executable(bin.resolve("mvn"), "#!/bin/sh\necho \"$WEFT_CHROMIUM|$WEFT_CHROMEDRIVER|$*\" >> '" + mavenCalls + "'\n");
        env = new HashMap<>();
        env.put("PATH", bin + ":/usr/bin:/bin");
        env.put("HOME", dir.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("WEFT_BROWSER_DIRS", browsers.toString());
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Run launch(String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().add("bash");
        pb.command().add(LAUNCHER.toString());
        pb.command().addAll(List.of(args));
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher did not finish");
        return new Run(p.exitValue(), err.lines().toList());
    }

    private List<String> mavenCalls() throws IOException {
        return Files.exists(mavenCalls) ? Files.readAllLines(mavenCalls) : List.of();
    }

    @Test
    void withoutChromiumItSaysWhatToInstallInOneLineAndNeverStartsMaven() throws Exception {
        Run run = launch("test");
        assertEquals(1, run.exit());
        assertEquals(1, run.stderr().size(), run.stderr().toString());
        String line = run.stderr().get(0);
        assertTrue(line.startsWith("weft: "), line);
        assertTrue(line.contains("Chromium and chromedriver"), line);
        assertTrue(line.contains("install"), line);
        assertTrue(line.contains("WEFT_CHROMIUM"), line);
        assertEquals(List.of(), mavenCalls());
        assertEquals(Optional.empty(), Chromium.browser(env));
    }

    @Test
    void namesTheDriverAloneWhenOnlyTheDriverIsMissing() throws Exception {
        executable(browsers.resolve("chromium"), "#!/bin/sh\n");
        Run run = launch("test");
        assertEquals(1, run.exit());
        assertEquals(1, run.stderr().size(), run.stderr().toString());
        assertTrue(run.stderr().get(0).contains("need chromedriver,"), run.stderr().get(0));
        assertEquals(List.of(), mavenCalls());
    }

    @Test
    void findsBothWhereBrowserTestFindsThemAndPassesThemToMaven() throws Exception {
        executable(browsers.resolve("google-chrome"), "#!/bin/sh\n");
        executable(browsers.resolve("chromedriver"), "#!/bin/sh\n");
        Files.writeString(browsers.resolve("chromium"), "not executable");
        Run run = launch("test", "-Dfoo=bar");
        assertEquals(0, run.exit(), run.stderr().toString());
        Path chrome = browsers.resolve("google-chrome");
        Path driver = browsers.resolve("chromedriver");
        List<String> calls = mavenCalls();
        assertEquals(1, calls.size(), calls.toString());
        assertTrue(calls.get(0).startsWith(chrome + "|" + driver + "|"), calls.get(0));
        assertTrue(calls.get(0).contains("verify"), calls.get(0));
        assertEquals(Optional.of(chrome), Chromium.browser(env));
        assertEquals(Optional.of(driver), Chromium.driver(env));
    }

    @Test
    void anExplicitChoiceThatIsNotExecutableIsNamed() throws Exception {
        executable(browsers.resolve("chromium"), "#!/bin/sh\n");
        executable(browsers.resolve("chromedriver"), "#!/bin/sh\n");
        env.put("WEFT_CHROMIUM", dir.resolve("no-such-chromium").toString());
        Run run = launch("test");
        assertEquals(1, run.exit());
        assertTrue(run.stderr().get(0).contains("WEFT_CHROMIUM=" + dir.resolve("no-such-chromium")), run.stderr().get(0));
        assertEquals(List.of(), mavenCalls());
        assertEquals(Optional.empty(), Chromium.browser(env));
    }

    @Test
    void modulesThatDoNotBuildTheServerNeedNoBrowser() throws Exception {
        Run run = launch("test", "-pl", "codec,transport-nio");
        assertEquals(0, run.exit(), run.stderr().toString());
        assertEquals(1, mavenCalls().size());
        Run server = launch("test", "-pl", "codec,server");
        assertEquals(1, server.exit());
        assertEquals(1, mavenCalls().size());
    }
}
