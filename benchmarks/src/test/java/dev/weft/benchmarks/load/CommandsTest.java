package dev.weft.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The CLIs: help on stdout with status 0, bad options with usage on stderr and status 2. */
class CommandsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void helpIsPrintedAndSucceeds() {
        assertEquals(0, EchoLoadCommand.run(new String[] {"--help"}, print(out), print(err)));
        assertTrue(text(out).startsWith("usage: ./weft bench echo"));
        assertEquals(0, IdleScaleCommand.run(new String[] {"-h"}, print(out), print(err)));
        assertTrue(text(out).contains("usage: ./weft bench idle"));
    }

    @Test
    void badOptionsPrintUsageAndExitTwo() {
        assertEquals(2, EchoLoadCommand.run(new String[] {"--rounds", "0"}, print(out), print(err)));
        assertTrue(text(err).startsWith("weft bench echo: --rounds must be at least 1: 0\nusage: "), text(err));
        err.reset();
        assertEquals(2, EchoLoadCommand.run(new String[] {"--servers", "weft-nio,jetty"}, print(out), print(err)));
        assertTrue(text(err).contains("unknown server 'jetty'"), text(err));
        err.reset();
        assertEquals(2, EchoLoadCommand.run(new String[] {"--points", "64x16x16", "--size", "1KiB"}, print(out), print(err)));
        assertTrue(text(err).contains("not both"), text(err));
        err.reset();
        assertEquals(2, EchoLoadCommand.run(new String[] {"--seconds"}, print(out), print(err)));
        assertTrue(text(err).contains("--seconds needs a value"), text(err));
        err.reset();
        assertEquals(2, IdleScaleCommand.run(new String[] {"--conections", "10"}, print(out), print(err)));
        assertTrue(text(err).contains("unknown option --conections"), text(err));
        err.reset();
        assertEquals(2, IdleScaleCommand.run(new String[] {"--warmup", "-1"}, print(out), print(err)));
        assertTrue(text(err).startsWith("weft bench idle: --warmup must be 0 or more: -1\nusage: "), text(err));
        assertEquals("", text(out));
    }

    @Test
    void tooManyIdleConnectionsFailsBeforeStartingAnything() {
        assertEquals(1, IdleScaleCommand.run(new String[] {"--connections", "2000000000"}, print(out), print(err)));
        assertTrue(text(err).startsWith("limits") || text(err).startsWith("weft bench idle: "), text(err));
        assertEquals(1, text(err).lines().count(), text(err));
    }

    private static PrintStream print(ByteArrayOutputStream sink) {
        return new PrintStream(sink, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream sink) {
        return sink.toString(StandardCharsets.UTF_8);
    }
}
