package dev.weft.conformance.suite;

import java.util.List;
import java.util.Objects;

/**
 * One thing a case's script does, in order. Frames sent by consecutive {@link Send} steps with no
 * chopping go out together in one write, as a burst; chopped or {@code separately} sent frames,
 * and every other step, flush what is pending first.
 */
public sealed interface Step {

    /**
     * Sends a frame.
     *
     * @param frame      the frame
     * @param chop       0 to send it with the frames around it; otherwise write it in pieces of
     *                   this many bytes, one write each (1: octet by octet)
     * @param separately whether to write it on its own rather than in a burst with its neighbours
     *                   (Autobahn's frame-wise chops)
     */
    record Send(Frame frame, int chop, boolean separately) implements Step {
        /** Checks the components. */
        public Send {
            Objects.requireNonNull(frame, "frame");
            if (chop < 0) {
                throw new IllegalArgumentException("chop must not be negative");
            }
        }
    }

    /**
     * Starts the closing handshake: sends a close frame and records that the fuzzer closed first,
     * unless the peer already had. (A raw {@link Send} of a close frame does not count as starting
     * it, which cases use to send broken or repeated close frames.)
     *
     * @param payload the close frame's whole payload: empty, or a code and a reason
     */
    record Close(byte[] payload) implements Step {
        /** Checks the component. */
        public Close {
            Objects.requireNonNull(payload, "payload");
        }
    }

    /**
     * Sends one frame in parts with a {@link Wait} after every part but the last: the peer sees the
     * header and part of the payload, then nothing for a while, then more.
     *
     * @param frame  the frame
     * @param cuts   payload offsets where the parts end, ascending; the header goes with the first part
     * @param labels the labels of the waits, one per cut
     */
    record SendInParts(Frame frame, List<Integer> cuts, List<String> labels) implements Step {
        /** Checks and copies the components. */
        public SendInParts {
            cuts = List.copyOf(cuts);
            labels = List.copyOf(labels);
            if (cuts.size() != labels.size()) {
                throw new IllegalArgumentException("one label per cut");
            }
        }
    }

    /**
     * Waits the suite's quiet period. If the connection is still open at its end, records
     * {@link Event.Timeout}{@code (label)} and goes on; if the peer closed meanwhile, the script
     * stops here.
     *
     * @param label the name recorded
     */
    record Wait(String label) implements Step {
    }

    /** Waits the suite's pause (Autobahn waits a second) without judging anything. */
    record Pause() implements Step {
    }

    /**
     * Sends a ping with a payload only the fuzzer uses and waits for its pong, which is not
     * recorded: since a peer answers in order, everything it sends in reply to the earlier frames
     * has arrived by then. It replaces a fixed wait for "no reply" with an exact one.
     */
    record Barrier() implements Step {
    }

    /**
     * Sends {@code count} messages one at a time, each after the echo of the one before, to measure
     * round trips (section 9.7 and 9.8).
     *
     * @param count  how many messages
     * @param binary whether they are binary (otherwise text)
     * @param size   the payload size of each
     */
    record RoundTrips(int count, boolean binary, int size) implements Step {
    }

    /**
     * Sends {@code count} compressed messages one at a time, each once the echo of the one before
     * is in (sections 12 and 13): consecutive slices of {@code data}, {@code size} bytes each,
     * deflated as agreed and cut into frames of {@code fragment} compressed bytes (0: one frame).
     *
     * @param count    how many messages
     * @param binary   whether they are binary (otherwise text; the data is then UTF-8 throughout)
     * @param data     the data the messages are cut from, in turn, wrapping around
     * @param size     the length of each message
     * @param fragment the frame size for the compressed payload, or 0 for one frame per message
     */
    record CompressedRoundTrips(int count, boolean binary, byte[] data, int size, int fragment) implements Step {
        /**
         * Returns message {@code i}: the slice after the one before, wrapping round the data.
         *
         * @param i the message's index, from 0
         * @return its bytes
         */
        public byte[] message(int i) {
            byte[] m = new byte[size];
            long from = (long) i * size % data.length;
            for (int k = 0; k < size; ) {
                int at = (int) ((from + k) % data.length);
                int n = Math.min(size - k, data.length - at);
                System.arraycopy(data, at, m, k, n);
                k += n;
            }
            return m;
        }
    }

    /**
     * Returns a step that sends a frame in a burst with its neighbours.
     *
     * @param frame the frame
     * @return the step
     */
    static Step send(Frame frame) {
        return new Send(frame, 0, false);
    }

    /**
     * Returns a step that sends a frame in pieces of {@code chop} bytes.
     *
     * @param frame the frame
     * @param chop  the piece size
     * @return the step
     */
    static Step chopped(Frame frame, int chop) {
        return new Send(frame, chop, true);
    }

    /**
     * Returns a step that sends a frame in a write of its own.
     *
     * @param frame the frame
     * @return the step
     */
    static Step separately(Frame frame) {
        return new Send(frame, 0, true);
    }
}
