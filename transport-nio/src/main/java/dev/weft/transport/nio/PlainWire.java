package dev.weft.transport.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** Plain TCP: reads and gathering writes straight on the socket. */
final class PlainWire implements Wire {
    private final SocketChannel socket;

    PlainWire(SocketChannel socket) {
        this.socket = socket;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return socket.read(dst);
    }

    @Override
    public boolean write(ByteBuffer[] srcs, int length) throws IOException {
        long left = 0;
        for (int i = 0; i < length; i++) {
            left += srcs[i].remaining();
        }
        while (left > 0) {
            long n = socket.write(srcs, 0, length);
            if (n == 0) {
                return false;
            }
            left -= n;
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
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is the goal; a failure to do so cleanly changes nothing
        }
    }
}
