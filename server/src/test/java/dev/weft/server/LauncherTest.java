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
 * The {@code weft} launcher's {@code test} command. Its prerequisite check finds Chromium and
 * chromedriver where {@link Chromium} (and so {@link BrowserTest}) finds them, and when either is
 * missing says in one line what to install and exits before Maven starts. Its output is a line per
 * module, failures in full and a closing {@code N passed, N failed}. Maven here is a stand-in
 * script on {@code PATH} that records how it was called and prints a Maven log from this module's
 * test resources ({@code launcher/*.log}).
 */
@Timeout(60)
class LauncherTest {

    /** The launcher at the repository root; Surefire runs in the module directory. */
    private static final Path LAUNCHER = Path.of("").toAbsolutePath().getParent().resolve("weft");

    @TempDir
    Path dir;
    Path browsers;
    Path mavenCalls;
    Map<String, String> env;

    record Run(int exit, List<String> stdout, List<String> stderr) {
    }

    private void mavenLog(String fixture, int exit) throws Exception {
        env.put("FAKE_MAVEN_LOG", Path.of(LauncherTest.class.getResource("/launcher/" + fixture).toURI()).toString());
        env.put("FAKE_MAVEN_EXIT", Integer.toString(exit));
    }

    @BeforeEach
    void fakeMavenAndAnEmptyBrowserDirectory() throws Exception {
        browsers = Files.createDirectories(dir.resolve("browsers"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        mavenCalls = dir.resolve("maven-calls");
        executable(bin.resolve("mvn"), "#!/bin/sh\necho \"$WEFT_CHROMIUM|$WEFT_CHROMEDRIVER|$*\" >> '" + mavenCalls + "'\n"
                + "cat \"$FAKE_MAVEN_LOG\"\nexit \"${FAKE_MAVEN_EXIT:-0}\"\n");
        env = new HashMap<>();
        env.put("PATH", bin + ":/usr/bin:/bin");
        env.put("HOME", dir.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("WEFT_BROWSER_DIRS", browsers.toString());
        env.put("WEFT_TEST_LOG", dir.resolve("weft-test.log").toString());
        mavenLog("success.log", 0);
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
        pb.redirectError(dir.resolve("stderr").toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher did not finish");
        return new Run(p.exitValue(), out.lines().toList(), Files.readAllLines(dir.resolve("stderr")));
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

    @Test
    void aPassingRunPrintsALinePerModuleAndTheTotal() throws Exception {
        executable(browsers.resolve("chromium"), "#!/bin/sh\n");
        executable(browsers.resolve("chromedriver"), "#!/bin/sh\n");
        Run run = launch("test");
        assertEquals(0, run.exit(), run.stderr().toString());
        List<String> out = run.stdout();
        assertEquals(4, out.size(), out.toString());
        assertTrue(out.get(1).matches("weft: codec … 612 tests passed \\(\\d+ s\\)"), out.get(1));
        // Two Surefire runs in one module (a second execution) add up.
        assertTrue(out.get(2).matches("weft: server … 140 tests passed \\(\\d+ s\\)"), out.get(2));
        assertEquals("752 passed, 0 failed", out.get(3));
        assertTrue(Files.readString(dir.resolve("weft-test.log")).contains("BUILD SUCCESS"), "the whole log is kept");
    }

    @Test
    void aFailingTestIsShownInFullAndTheRestStaysQuiet() throws Exception {
        executable(browsers.resolve("chromium"), "#!/bin/sh\n");
        executable(browsers.resolve("chromedriver"), "#!/bin/sh\n");
        mavenLog("test-failure.log", 1);
        Run run = launch("test");
        assertEquals(1, run.exit());
        String out = String.join("\n", run.stdout());
        assertTrue(out.contains("dumbIncrementTicksAndResets(String)[1] -- Time elapsed: 0.319 s <<< FAILURE!"), out);
        assertTrue(out.contains("org.opentest4j.AssertionFailedError: the counter did not reset"), out);
        assertTrue(out.contains("\tat dev.weft.server.SubprotocolsTest.dumbIncrementTicksAndResets(SubprotocolsTest.java:141)"), out);
        assertTrue(out.contains("WeftServer.java:[12,5] [removal]"), "compiler warnings are shown: " + out);
        assertTrue(out.lines().anyMatch(l -> l.matches("weft: server … 135 tests passed, 1 FAILED, 1 skipped \\(\\d+ s\\)")), out);
        for (String quiet : List.of("tries = 1000", "a log line from a test", "Some other Maven warning", "Re-run Maven",
                "Help 1] http", "Running dev.weft", "Tests run: 2, Failures: 0")) {
            assertFalse(out.contains(quiet), quiet + " is printed: " + out);
        }
        assertEquals(List.of("weft: 1 tests skipped", "747 passed, 1 failed"), run.stdout().subList(run.stdout().size() - 2, run.stdout().size()));
    }

    @Test
    void aBuildThatFailsBeforeItsTestsSaysSoWithoutATestCount() throws Exception {
        executable(browsers.resolve("chromium"), "#!/bin/sh\n");
        executable(browsers.resolve("chromedriver"), "#!/bin/sh\n");
        mavenLog("compile-failure.log", 1);
        Run run = launch("test");
        assertEquals(1, run.exit());
        String out = String.join("\n", run.stdout());
        assertTrue(out.contains("Opcode.java:[40,9] cannot find symbol\n  symbol:   variable CONTINUATIO"), out);
        assertFalse(out.contains(" passed, "), out);
        assertTrue(run.stdout().get(run.stdout().size() - 1).contains("the build failed"), out);
    }

    @Test
    void aBuildThatFailsAfterItsTestsPassedNeverEndsWithAPassingCount() throws Exception {
        executable(browsers.resolve("chromium"), "#!/bin/sh\n");
        executable(browsers.resolve("chromedriver"), "#!/bin/sh\n");
        mavenLog("javadoc-failure.log", 1);
        Run run = launch("test");
        assertEquals(1, run.exit());
        String out = String.join("\n", run.stdout());
        assertTrue(out.contains("Project contains Javadoc Warnings"), out);
        assertFalse(out.contains(" passed, 0 failed"), "a closing count would read as a pass: " + out);
        assertEquals("weft: the build failed after 612 tests passed (see above)", run.stdout().get(run.stdout().size() - 1));
    }

    @Test
    void verboseGivesMavensWholeLog() throws Exception {
        executable(browsers.resolve("chromium"), "#!/bin/sh\n");
        executable(browsers.resolve("chromedriver"), "#!/bin/sh\n");
        mavenLog("test-failure.log", 1);
        Run run = launch("test", "-v");
        assertEquals(1, run.exit());
        assertEquals(Files.readAllLines(Path.of(env.get("FAKE_MAVEN_LOG"))), run.stdout());
        assertFalse(mavenCalls().get(0).contains("-v"), "-v is the launcher's, not Maven's --version");
    }
}
