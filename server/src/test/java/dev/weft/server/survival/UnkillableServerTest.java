package dev.weft.server.survival;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.server.cli.ServerCommand;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attacks that took the server down for good, each on a server in a child JVM with a small heap
 * or a low descriptor limit; after each, a new client must connect and get its echo. Both
 * transports.
 */
@Timeout(120)
class UnkillableServerTest {

    @TempDir
    Path root;

    /**
     * Twenty peers each leave 8.25 MiB of a message unfinished, under a 256 MiB heap: the ratio of
     * the twenty 33 MiB messages under 1 GiB. Doubling buffers would have held 16 MiB
     * each, 320 MiB in all, and the heap would have run out. Now the assembly budget (a quarter
     * of the heap by default) takes as many as fit, and the others are refused with 1013.
     */
    @ParameterizedTest
    @ValueSource(strings = {"nio", "loom"})
    void unfinishedMessagesCannotExhaustTheHeap(String transport) throws Exception {
        try (ChildServer server = ChildServer.start("256m", 0, SurvivorMain.class, transport)) {
            int size = 33 * 1024 * 1024 / 4;
            byte[] payload = new byte[size];
            List<RawPeer> attackers = new ArrayList<>();
            int answered = 0;
            try {
                for (int i = 0; i < 20; i++) {
                    RawPeer peer = RawPeer.open(server.port, "/echo");
                    attackers.add(peer);
                    try {
                        peer.sendHeader(false, 0x2, size); // a first fragment: the message never ends
                        peer.sendBytes(payload);
                    } catch (IOException e) {
                        // closed by the server while we wrote: counted below
                    }
                }
                try (RawPeer fresh = RawPeer.open(server.port, "/echo")) {
                    assertEquals("still here", fresh.echo("still here"), server.output());
                }
                for (RawPeer peer : attackers) {
                    // Before this budget, doubling buffers and no bound let most of them in.
                    if (peer.wasAnswered()) {
                        answered++;
                    }
                }
            } finally {
                attackers.forEach(RawPeer::close);
            }
            // About 7 fit in a quarter of 256 MiB; the rest were turned away rather than let in.
            assertTrue(answered >= 10, answered + " of 20 attackers were turned away\n" + server.output());
            assertTrue(server.isAlive(), server.output());
            try (RawPeer fresh = RawPeer.open(server.port, "/echo")) {
                assertEquals("after", fresh.echo("after"), server.output());
            }
        }
    }
}
