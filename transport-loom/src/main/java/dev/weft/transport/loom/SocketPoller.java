package dev.weft.transport.loom;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.concurrent.TimeUnit;

/**
 * Makes the JDK's socket poller exist before the first connection needs it.
 *
 * <p>A virtual thread that waits on a socket parks, and the JDK wakes it from a poller it makes
 * the first time any virtual thread waits: it opens its epoll (or kqueue) descriptors then. Made
 * while a flood of connections holds every file descriptor, that fails, the poller's class stays
 * unusable for the life of the JVM, and every later wait of every reader fails with it: one peer
 * would have taken the server down. So the transport makes it when it opens, by parking one
 * virtual thread on a pipe once.
 */
final class SocketPoller {

    private static volatile boolean ready;

    private SocketPoller() {
    }

    /**
     * Parks a virtual thread on an empty pipe until it waits, then wakes it; once per JVM.
     *
     * @throws IOException if no pipe can be opened, which a transport could not survive either
     */
    static void prepare() throws IOException {
        if (ready) {
            return;
        }
        Pipe pipe = Pipe.open();
        try (Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            Thread reader = Thread.ofVirtual().name("weft-loom-poller-start").start(() -> {
                try {
                    source.read(ByteBuffer.allocate(1));
                } catch (IOException e) {
                    // the pipe closed before a byte came: the wait has been made either way
                }
            });
            // The reader waits in the poller once it is parked; until then, give it the time.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (reader.getState() != Thread.State.WAITING && reader.isAlive() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            sink.write(ByteBuffer.wrap(new byte[] {1}));
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        ready = true;
    }
}
