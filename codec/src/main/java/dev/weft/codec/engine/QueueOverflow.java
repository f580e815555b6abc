package dev.weft.codec.engine;

import dev.weft.codec.frame.CloseCode;

/**
 * What an engine does with a send that would take its outbound queue past
 * {@link ProtocolConfig#maxQueuedBytes()}: the peer is reading far slower than the application
 * writes, and the application chooses whether that is the message's problem or the connection's.
 */
public enum QueueOverflow {
    /**
     * Refuses the send: its future fails with {@link SendRefusedException} (reason
     * {@link SendRefusedException.Reason#QUEUE_FULL}), and the connection stays open. For an
     * application that can drop or retry messages.
     */
    REFUSE_SEND(0),
    /**
     * Fails the connection with {@link CloseCode#POLICY_VIOLATION} (1008): a peer that does not
     * read breaks the application's rules.
     */
    CLOSE_POLICY_VIOLATION(CloseCode.POLICY_VIOLATION),
    /**
     * Fails the connection with {@link CloseCode#TRY_AGAIN_LATER} (1013): this server cannot keep
     * up with the peer now, and the peer may come back.
     */
    CLOSE_TRY_AGAIN_LATER(CloseCode.TRY_AGAIN_LATER);

    private final int closeCode;

    QueueOverflow(int closeCode) {
        this.closeCode = closeCode;
    }

    /**
     * Returns the close code the connection fails with.
     *
     * @return 1008 or 1013, or 0 for {@link #REFUSE_SEND}, which does not close
     */
    public int closeCode() {
        return closeCode;
    }
}
