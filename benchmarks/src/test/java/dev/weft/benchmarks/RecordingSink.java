package dev.weft.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.List;

/** A sink that keeps a copy of everything a benchmark hands it, in order, without moving it. */
final class RecordingSink implements Sink {
    final List<byte[]> bytes = new ArrayList<>();
    final List<String> chars = new ArrayList<>();

    @Override
    public void take(ByteBuffer b) {
        byte[] copy = new byte[b.remaining()];
        b.get(b.position(), copy);
        bytes.add(copy);
    }

    @Override
    public void take(ByteBuf b) {
        bytes.add(ByteBufUtil.getBytes(b));
    }

    @Override
    public void take(CharBuffer c) {
        chars.add(c.toString());
    }

    @Override
    public void take(String text) {
        chars.add(text);
    }

    /** Returns everything taken as bytes, joined, and forgets it. */
    byte[] drain() {
        int length = bytes.stream().mapToInt(b -> b.length).sum();
        ByteBuffer all = ByteBuffer.allocate(length);
        bytes.forEach(all::put);
        bytes.clear();
        return all.array();
    }
}
