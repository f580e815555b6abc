package dev.weft.transport.nio;

import dev.weft.codec.engine.Outbound;

/**
 * The outputs a channel has taken from its engine and not yet fully written, oldest first: a ring
 * that is walked by index, so that building each gathering write allocates nothing (iterating a
 * collection would make an iterator per write). Loop thread only.
 */
final class WriteBatch {
    private Outbound[] ring = new Outbound[8];
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The {@code i}-th oldest output, 0 being the head. */
    Outbound get(int i) {
        return ring[(head + i) & (ring.length - 1)];
    }

    Outbound peekFirst() {
        return size == 0 ? null : ring[head];
    }

    Outbound pollFirst() {
        if (size == 0) {
            return null;
        }
        Outbound o = ring[head];
        ring[head] = null;
        head = (head + 1) & (ring.length - 1);
        size--;
        return o;
    }

    void addLast(Outbound o) {
        if (size == ring.length) {
            Outbound[] bigger = new Outbound[ring.length * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = get(i);
            }
            ring = bigger;
            head = 0;
        }
        ring[(head + size) & (ring.length - 1)] = o;
        size++;
    }
}
