package dev.weft.transport.loom;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The stage of a send made on a connection's reader thread, from a handler. The reader writes
 * what its handlers send once they return, all in one write, so a handler that waited for its
 * own send to be written would wait for itself. Waiting on this stage on the reader thread
 * ({@code join}, {@code get}, and so the session's send-and-wait methods) therefore writes the
 * connection's pending output first. Stages made from it ({@code thenRun} and the like) do the
 * same.
 *
 * <p>It is the engine's own stage for the send (the connection makes it through
 * {@link dev.weft.codec.engine.SendStages}), completed by the engine: a send allocates one stage.
 *
 * @param <T> the result type
 */
final class ReaderStage<T> extends CompletableFuture<T> {

    private final LoomConnection connection;

    /**
     * Returns a stage that writes the reader's output of {@code connection} when waited on.
     *
     * @param connection the connection whose reader makes the send
     */
    ReaderStage(LoomConnection connection) {
        this.connection = connection;
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        beforeWaiting();
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        beforeWaiting();
        return super.get(timeout, unit);
    }

    @Override
    public T join() {
        beforeWaiting();
        return super.join();
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new ReaderStage<>(connection);
    }

    private void beforeWaiting() {
        if (!isDone()) {
            connection.writeBeforeReaderWaits();
        }
    }
}
