package dev.weft.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code --deflate} on {@code bench echo} and {@code bench idle}: documented, and bad values refused with usage and status 2. */
class DeflateCommandsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void helpNamesTheOption() {
        assertEquals(0, EchoLoadCommand.run(new String[] {"--help"}, print(out), print(err)));
        assertTrue(text(out).contains("--deflate MODE"), text(out));
        out.reset();
        assertEquals(0, IdleScaleCommand.run(new String[] {"--help"}, print(out), print(err)));
        assertTrue(text(out).contains("--deflate MODE"), text(out));
    }

    @Test
    void badValuesPrintUsageAndExitTwo() {
        assertEquals(2, EchoLoadCommand.run(new String[] {"--deflate", "gzip"}, print(out), print(err)));
        assertTrue(text(err).startsWith("weft bench echo: unknown compression 'gzip'"), text(err));
        assertTrue(text(err).contains("usage: ./weft bench echo"), text(err));
        err.reset();
        assertEquals(2, EchoLoadCommand.run(new String[] {"--deflate", "deflate", "--servers", "weft-nio,helidon"}, print(out), print(err)));
        assertTrue(text(err).contains("not helidon"), text(err));
        err.reset();
        assertEquals(2, EchoLoadCommand.run(new String[] {"--deflate", "deflate", "--size", "0"}, print(out), print(err)));
        assertTrue(text(err).contains("at least one byte"), text(err));
        err.reset();
        assertEquals(2, IdleScaleCommand.run(new String[] {"--deflate", "deflate-no-context", "--servers", "tcp-echo"}, print(out), print(err)));
        assertTrue(text(err).contains("not tcp-echo"), text(err));
        assertEquals("", text(out));
    }

    private static PrintStream print(ByteArrayOutputStream sink) {
        return new PrintStream(sink, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream sink) {
        return sink.toString(StandardCharsets.UTF_8);
    }
}
