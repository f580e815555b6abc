package dev.weft.transport.nio;

import dev.weft.codec.internal.SafeLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * One selector and the thread that runs it. Every channel registered here is served by this
 * thread alone, so a connection's engine is only ever touched by its loop: other threads hand it
 * work through {@link #execute(Runnable)}.
 *
 * <p>Besides I/O, the loop runs its channels' timers from a {@link TimerWheel}: each channel keeps
 * at most one timer, at its earliest deadline, and the loop looks only at the timers whose tick
 * has come. A connection with nothing due costs the loop nothing, so ten thousand idle ones cost
 * about what one does; with no timer at all the loop sleeps until woken.
 */
final class EventLoop implements Runnable {

    private static final SafeLog LOG = NioTransport.LOG;

    /** How long the loop waits before retrying a failed select. */
    private static final long PAUSE_MILLIS = 50;

    /**
     * Room for a 64 KiB message and its header in one read, with space to spare: a message that
     * arrives whole in a read is lent to its handler as a view of this buffer, with no copy.
     */
    static final int READ_BUFFER_SIZE = 128 * 1024;

    /**
     * The read buffer all of this loop's plain connections share: reads allocate nothing, and
     * idle connections hold no buffer. Direct, so that the socket reads straight into it; a heap
     * buffer would make the JDK read into a temporary direct buffer and copy.
     */
    final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);

    /**
     * The buffer array gathering writes are made from, shared the same way: filled, written and
     * cleared within one call, never held across a handler callback.
     */
    final ByteBuffer[] gather = new ByteBuffer[256];

    /**
     * Where this loop's engines build their outgoing frames: direct buffers, taken when a frame is
     * queued and given back once it is on the socket, shared by every connection of the loop so
     * that idle connections hold none. Owned by this loop's thread, which takes and gives back
     * without a lock; the rare other thread that touches it goes through its locked side.
     */
    final dev.weft.codec.engine.OutputPool output;

    private final Selector selector;
    /** {@link #serve}, made once. */
    private final java.util.function.Consumer<SelectionKey> serve = this::serve;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** The channels served here, for closing them when the loop stops; O(1) to add and remove. */
    private final Set<NioChannel> channels = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The channels' deadlines, and delayed work (accept back-off). */
    final TimerWheel timers = new TimerWheel(System.nanoTime(), this::timerFailed);
    /** Whether the last select failed: the next failure in a row is not logged again. */
    private boolean selectFailing;
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
        this.output = dev.weft.codec.engine.OutputPool.ownedBy(thread);
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

    /**
     * Runs {@code task} on this loop once about {@code delayMillis} have passed, up to one
     * {@link TimerWheel#TICK_NANOS tick} late. Loop thread only.
     */
    void schedule(Runnable task, long delayMillis) {
        timers.schedule(new Delayed(task), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis));
    }

    Selector selector() {
        return selector;
    }

    void adopt(NioChannel channel) {
        channels.add(channel);
    }

    /**
     * Runs {@code action} on each channel served here, on a copy of the set, so that the action may
     * close channels. Loop thread only (or after the loop has stopped).
     */
    void forEachChannel(java.util.function.Consumer<NioChannel> action) {
        for (NioChannel channel : List.copyOf(channels)) {
            action.accept(channel);
        }
    }

    void forget(NioChannel channel) {
        channels.remove(channel);
        timers.cancel(channel);
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

    /**
     * Serves the loop's channels until {@link #shutdown()}. Nothing a connection does can end it:
     * each key's work runs in its own {@code try}, and a {@code Throwable} from it (an
     * {@link OutOfMemoryError} included) closes that connection only; a failing {@code select} is
     * logged and retried.
     */
    @Override
    public void run() {
        try {
            while (running) {
                try {
                    turn();
                } catch (ClosedSelectorException e) {
                    break; // closed under us: nothing more can be selected
                } catch (Throwable t) {
                    // Something outside any one connection failed (the selector, the timers'
                    // scan): log it, breathe, and go on serving.
                    LOG.log(System.Logger.Level.ERROR, "event loop " + thread.getName() + " survived a failure", t);
                    pause();
                }
            }
        } finally {
            try {
                runTasks();
            } catch (Throwable ignored) {
                // ending anyway
            }
            for (NioChannel channel : List.copyOf(channels)) {
                try {
                    channel.abort();
                } catch (Throwable ignored) {
                    // the others still need closing
                }
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

    /** One turn: select, serve the ready keys, run handed-over work and the timers that are due. */
    private void turn() {
        select();
        runTasks();
        timers.advance(System.nanoTime());
    }

    /** Serves one ready key. */
    private void serve(SelectionKey key) {
        if (key.attachment() instanceof Selectable s) {
            try {
                s.onSelected(key);
            } catch (Throwable t) {
                // A Selectable handles its own failures; this is the last line if even that failed.
                abandon(s, t);
            }
        }
    }

    private void select() {
        try {
            long timeout = timers.millisToNextTick(System.nanoTime());
            // Ready keys go straight to serve(), not through the selected-key set, whose iterator
            // would be an allocation every turn.
            if (!tasks.isEmpty()) {
                selector.selectNow(serve); // work handed over while this thread was busy: no waiting
            } else {
                selector.select(serve, timeout); // 0: no timer, so sleep until woken
            }
            selectFailing = false;
        } catch (IOException e) {
            // Logged once per run of failures, then retried after a pause rather than in a spin.
            if (!selectFailing) {
                selectFailing = true;
                LOG.log(System.Logger.Level.ERROR, "select failed on " + thread.getName() + "; retrying", e);
            }
            pause();
        }
    }

    private void timerFailed(TimerWheel.Timer timer, Throwable t) {
        if (timer instanceof NioChannel channel) {
            abandon(channel, t);
        } else {
            LOG.log(System.Logger.Level.WARNING, "scheduled task failed on " + thread.getName(), t);
        }
    }

    /** Closes the connection whose work threw past its own handling, and keeps the loop going. */
    private void abandon(Object work, Throwable t) {
        LOG.log(System.Logger.Level.WARNING, "a connection failed on " + thread.getName() + "; closing it", t);
        if (work instanceof NioChannel channel) {
            try {
                channel.abort();
            } catch (Throwable again) {
                forget(channel); // at least stop serving it
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            // shutdown() does not interrupt; a stray interrupt left set would make every select
            // return at once, so it is cleared here
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (Throwable e) {
                // A failing task must not stop the loop that every other connection on it needs.
                LOG.log(System.Logger.Level.WARNING, "task failed on " + thread.getName(), e);
            }
        }
    }

    /** Work scheduled for later: a timer that runs its task. */
    private static final class Delayed extends TimerWheel.Timer {
        private final Runnable task;

        Delayed(Runnable task) {
            this.task = task;
        }

        @Override
        void expire(long now) {
            task.run();
        }
    }

    /** Something a selection key is attached to. */
    interface Selectable {
        void onSelected(SelectionKey key);
    }
}
