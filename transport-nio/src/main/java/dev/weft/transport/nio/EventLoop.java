package dev.weft.transport.nio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * One selector and the thread that runs it. Every channel registered here is served by this
 * thread alone, so a connection's engine is only ever touched by its loop: other threads hand it
 * work through {@link #execute(Runnable)}.
 *
 * <p>Besides I/O, the loop runs its channels' timers: it wakes at least every
 * {@value #TICK_MILLIS} ms and asks each channel whether a deadline has passed. Coarse, but
 * timeouts here are seconds long, and a scan of a loop's connections costs little.
 */
final class EventLoop implements Runnable {

    static final long TICK_MILLIS = 50;

    /** The read buffer all of this loop's plain connections share: reads allocate nothing. */
    final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);

    /**
     * The buffer array gathering writes are made from, shared the same way: filled, written and
     * cleared within one call, never held across a handler callback.
     */
    final ByteBuffer[] gather = new ByteBuffer[256];

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<NioChannel> channels = new ArrayList<>();
    private volatile boolean running = true;
    /** Set once the loop has stopped for good: work handed over after that runs on the caller. */
    private volatile boolean terminated;

    EventLoop(String name) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on this loop: now if already on it, else at the loop's next turn. */
    void execute(Runnable task) {
        if (inLoop()) {
            task.run();
            return;
        }
        tasks.add(task);
        if (terminated) {
            // Nobody will run it otherwise; its channel is closed, so it only fails its futures.
            runTasks();
        } else {
            selector.wakeup();
        }
    }

    /** Runs {@code task} at the loop's next turn, after everything handed over before it, even when called on the loop. */
    void enqueue(Runnable task) {
        tasks.add(task);
        if (terminated) {
            runTasks();
        } else if (!inLoop()) {
            selector.wakeup();
        }
    }

    Selector selector() {
        return selector;
    }

    void adopt(NioChannel channel) {
        channels.add(channel);
    }

    void forget(NioChannel channel) {
        channels.remove(channel);
    }

    /** Stops the loop once its current turn ends, and waits for its thread. */
    void shutdown() {
        running = false;
        selector.wakeup();
        if (!inLoop()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void run() {
        long nextTick = System.nanoTime();
        try {
            while (running) {
                selector.select(TICK_MILLIS);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.attachment() instanceof Selectable s) {
                        s.onSelected(key);
                    }
                }
                selector.selectedKeys().clear();
                runTasks();
                long now = System.nanoTime();
                if (now - nextTick >= 0) {
                    nextTick = now + TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
                    for (NioChannel channel : List.copyOf(channels)) {
                        channel.checkTimers(now);
                    }
                }
            }
        } catch (ClosedSelectorException e) {
            // closed under us by shutdown: nothing more to do
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            runTasks();
            for (NioChannel channel : List.copyOf(channels)) {
                channel.abort();
            }
            terminated = true;
            runTasks();
            try {
                selector.close();
            } catch (IOException ignored) {
                // the loop is ending either way
            }
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                // A failing task must not stop the loop that every other connection on it needs.
                System.getLogger("dev.weft.transport.nio").log(System.Logger.Level.WARNING, "task failed on " + thread.getName(), e);
            }
        }
    }

    /** Something a selection key is attached to. */
    interface Selectable {
        void onSelected(SelectionKey key);
    }
}
