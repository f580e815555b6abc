package dev.weft.codec.engine;

import dev.weft.codec.engine.ProtocolEvent.BinaryReceived;
import dev.weft.codec.engine.ProtocolEvent.FragmentReceived;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What one engine lends its application out of the bytes it was given, without a copy and
 * without an allocation per message: one reusable event of each data kind, over a reusable view
 * of the buffer the message lies in.
 *
 * <p>A loan runs from when the event is made until the application has taken it and come back
 * for the next event (or given the engine more input): {@link #endLoan()}. Meanwhile that event
 * is out, and a second message needing the same kind of event gets a copy instead
 * ({@link #binary}, {@link #fragment}); so does any message the caller says may not be lent.
 * The views are duplicates of the buffers messages lie in (the transport's read buffer, an
 * extension's output), made once per buffer and reset for each message; the last two buffers seen
 * are remembered, enough for a transport that reads into one buffer. An assembled message is lent
 * in the assembler's own buffer, which nothing else touches until the loan ends.
 * Not thread-safe, like its engine; made at the first message, so an idle connection holds none.
 */
final class Loans {
    private final BinaryReceived binary = new BinaryReceived();
    private final FragmentReceived fragment = new FragmentReceived();
    /** Whether {@link #binary} is queued or lent: not to be filled again until the loan ends. */
    private boolean binaryOut;
    private boolean fragmentOut;
    /** The event the application took last, if it is one of the two lent ones. */
    private ProtocolEvent lent;

    // The views, most recently used first.
    private ByteBuffer source0;
    private ByteBuffer view0;
    private ByteBuffer source1;
    private ByteBuffer view1;

    /**
     * Returns the event for a whole binary message: the reusable one when it is free and
     * {@code mayLend}, over a view of {@code data} or, with {@code asIs}, over {@code data}
     * itself; else a new event holding a copy.
     *
     * @param data    the message, position to limit; only read
     * @param mayLend whether {@code data}'s bytes stay put until the loan ends
     * @param asIs    whether nothing else reads or moves {@code data} until the loan ends (an
     *                assembler's own buffer), so that it needs no view
     * @return the event to queue
     */
    BinaryReceived binary(ByteBuffer data, boolean mayLend, boolean asIs) {
        if (mayLend && !binaryOut) {
            binaryOut = true;
            // The application may have set another byte order on it last time.
            return binary.lend(asIs ? data.order(ByteOrder.BIG_ENDIAN) : view(data));
        }
        return new BinaryReceived(Buffers.copyOf(data));
    }

    /**
     * Returns the event for a part of a message, as {@link #binary} does for a whole one.
     *
     * @param text    whether the message is text
     * @param data    the part, position to limit; only read
     * @param last    whether the part ends its message
     * @param mayLend whether {@code data}'s bytes stay put until the loan ends
     * @return the event to queue
     */
    FragmentReceived fragment(boolean text, ByteBuffer data, boolean last, boolean mayLend) {
        if (mayLend && !fragmentOut) {
            fragmentOut = true;
            return fragment.lend(text, view(data), last);
        }
        return new FragmentReceived(text, Buffers.copyOf(data), last);
    }

    /** Whether {@code e} is one of the reusable events, whose data is a view. */
    boolean isLent(ProtocolEvent e) {
        return e == binary || e == fragment;
    }

    /** The application has taken {@code e}: its loan lasts until {@link #endLoan()}. */
    void handedOut(ProtocolEvent e) {
        lent = isLent(e) ? e : null;
    }

    /** Whether the application holds a lent view now. */
    boolean lending() {
        return lent != null;
    }

    /** The application is done with the event it took last; a lent one may be filled again. */
    void endLoan() {
        if (lent == binary) {
            binaryOut = false;
        } else if (lent == fragment) {
            fragmentOut = false;
        }
        lent = null;
    }

    /** A view of {@code window}'s bytes that stays as it is while {@code window} moves on. */
    private ByteBuffer view(ByteBuffer window) {
        ByteBuffer v;
        if (window == source0) {
            v = view0;
        } else if (window == source1) {
            v = view1;
            source1 = source0;
            view1 = view0;
            source0 = window;
            view0 = v;
        } else {
            source1 = source0;
            view1 = view0;
            source0 = window;
            view0 = window.duplicate();
            v = view0;
        }
        // The application may have moved the view's limit anywhere last time: set it first.
        v.limit(window.limit()).position(window.position());
        v.order(ByteOrder.BIG_ENDIAN);
        return v;
    }
}
