package dev.weft.transport.loom;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * The stage of a send made on a connection's reader thread, from a handler. The reader writes
 * what its handlers send once they return, all in one write, so a handler that waited for its
 * own send to be written would wait for itself. Waiting on this stage on the reader thread
 * ({@code join}, {@code get}, and so the session's send-and-wait methods) therefore writes the
 * connection's pending output first. Stages made from it ({@code thenRun} and the like) do the
 * same.
 *
 * <p>It completes as the engine's future for the send completes, with the same outcome.
 *
 * @param <T> the result type
 */
final class ReaderStage<T> extends CompletableFuture<T> implements BiConsumer<T, Throwable> {

    private final LoomConnection connection;

    private ReaderStage(LoomConnection connection) {
        this.connection = connection;
    }

    /**
     * Returns a stage that follows {@code written} and writes the reader's output when waited on.
     *
     * @param written    the engine's future for the send
     * @param connection the connection the send went to
     * @return the stage to give the application
     */
    static <T> CompletableFuture<T> following(CompletableFuture<T> written, LoomConnection connection) {
        ReaderStage<T> stage = new ReaderStage<>(connection);
        written.whenComplete(stage);
        return stage;
    }

    /** Completes this stage as the engine's future completed. */
    @Override
    public void accept(T value, Throwable failure) {
        if (failure == null) {
            complete(value);
        } else {
            completeExceptionally(failure);
        }
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
