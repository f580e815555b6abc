package dev.weft.codec.engine;

import java.util.concurrent.CompletableFuture;

/**
 * Where a connection gets the completion stage of a send it queues: the one future the engine
 * completes when the send is written and the application is given. A transport whose stages must
 * do more than complete (a thread that would wait for its own write must write first) makes them
 * here, so that a send allocates one stage, not a stage and another that follows it.
 */
@FunctionalInterface
public interface SendStages {

    /** Plain, incomplete futures: what the engine uses unless told otherwise. */
    SendStages PLAIN = CompletableFuture::new;

    /**
     * Returns a new, incomplete stage for a send being queued; the engine completes it, normally
     * or exceptionally, once, and never while the caller of the send is still inside it unless it
     * was refused.
     *
     * @return a new incomplete future
     */
    CompletableFuture<Void> newStage();
}
