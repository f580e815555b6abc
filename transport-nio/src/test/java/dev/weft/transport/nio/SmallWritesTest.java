package dev.weft.transport.nio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * A merged write of small frames puts the same bytes on the wire, in the same order, as a
 * gathering write would, and moves the frames' positions exactly as that write would have: all
 * the way, part of the way at any split point, or not at all when the socket fails.
 */
class SmallWritesTest {

    /** A socket that takes at most {@code room} bytes in all, then nothing (a full send buffer). */
    private static final class TightWire implements Wire {
        final ByteArrayOutputStream taken = new ByteArrayOutputStream();
        int room;
        boolean broken;

        TightWire(int room) {
            this.room = room;
        }

        @Override
        public int read(ByteBuffer dst) {
            return 0;
        }

        @Override
        public boolean write(ByteBuffer[] srcs, int length) throws IOException {
            if (broken) {
                throw new IOException("connection reset");
            }
            for (int i = 0; i < length; i++) {
                while (srcs[i].hasRemaining() && room > 0) {
                    taken.write(srcs[i].get());
                    room--;
                }
                if (srcs[i].hasRemaining()) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean hasPendingOutput() {
            return false;
        }

        @Override
        public boolean isSuspended() {
            return false;
        }

        @Override
        public boolean allowsZeroCopy() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    /** Three frames of 3, 1 and 4 bytes, direct as the pool's are, positioned past a prefix. */
    private static ByteBuffer[] frames() {
        byte[][] contents = {{1, 2, 3}, {4}, {5, 6, 7, 8}};
        ByteBuffer[] frames = new ByteBuffer[contents.length];
        for (int i = 0; i < contents.length; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(16);
            b.put((byte) 99).put(contents[i]).flip().position(1); // the prefix is not part of the write
            frames[i] = b;
        }
        return frames;
    }

    @Test
    void writesEveryFrameInOrderAndConsumesThem() throws IOException {
        SmallWrites merge = new SmallWrites();
        ByteBuffer[] frames = frames();
        TightWire wire = new TightWire(100);
        assertTrue(merge.worthMerging(frames, 3));
        assertTrue(merge.write(wire, frames, 3));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, wire.taken.toByteArray());
        for (ByteBuffer f : frames) {
            assertFalse(f.hasRemaining(), "each frame is consumed, as by a gathering write");
        }
    }

    @Test
    void aPartialWriteMovesThePositionsAsFarAsTheSocketTookAtEverySplit() throws IOException {
        SmallWrites merge = new SmallWrites();
        for (int room = 0; room < 8; room++) {
            ByteBuffer[] frames = frames();
            TightWire wire = new TightWire(room);
            assertFalse(merge.write(wire, frames, 3), "room for " + room + " of 8 bytes");
            // The rest, written from the frames' own positions, completes the stream exactly.
            wire.room = 100;
            assertTrue(wire.write(frames, 3));
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, wire.taken.toByteArray(), "split after " + room);
        }
    }

    @Test
    void aFailedWriteLeavesTheFramesUntouched() {
        SmallWrites merge = new SmallWrites();
        ByteBuffer[] frames = frames();
        TightWire wire = new TightWire(100);
        wire.broken = true;
        assertThrows(IOException.class, () -> merge.write(wire, frames, 3));
        assertArrayEquals(new int[] {3, 1, 4}, new int[] {frames[0].remaining(), frames[1].remaining(), frames[2].remaining()});
    }

    @Test
    void oneFrameOrALargeOneIsWrittenAsItIs() {
        SmallWrites merge = new SmallWrites();
        ByteBuffer[] frames = frames();
        assertFalse(merge.worthMerging(frames, 1), "a single buffer gains nothing from a copy");
        ByteBuffer[] withLarge = {frames[0], ByteBuffer.allocateDirect(SmallWrites.MAX_FRAME + 1)};
        assertFalse(merge.worthMerging(withLarge, 2), "a large frame costs more to copy than it saves");
        ByteBuffer[] atLimit = {frames[0], ByteBuffer.allocateDirect(SmallWrites.MAX_FRAME)};
        assertTrue(merge.worthMerging(atLimit, 2));
    }
}
