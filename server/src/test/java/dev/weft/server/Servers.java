package dev.weft.server;

import dev.weft.codec.spi.Transports;
import java.nio.file.Path;
import java.util.List;

/** Starting tutorial servers for tests: port 0, loopback, the given transport. */
final class Servers {
    private Servers() {
    }

    /** The transports to run every end-to-end test on: all found on the class path. */
    static List<String> transports() {
        List<String> names = Transports.available();
        if (names.isEmpty()) {
            throw new AssertionError("no transport on the class path");
        }
        return names;
    }

    static WeftServer.Builder tutorial(String transport, Path root) {
        return WeftServer.tutorial().host("127.0.0.1").port(0).transport(transport).threads(1).staticRoot(root);
    }

    static WeftServer start(String transport, Path root) throws Exception {
        return tutorial(transport, root).build().start();
    }
}
