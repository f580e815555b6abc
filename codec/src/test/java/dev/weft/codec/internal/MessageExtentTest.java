package dev.weft.codec.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.codec.frame.FrameEncoder;
import dev.weft.codec.frame.Opcode;
import dev.weft.codec.frame.Role;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Where whole messages end and how far a cut-off one reaches, from frame headers alone. */
class MessageExtentTest {

    private final FrameEncoder client = new FrameEncoder(Role.CLIENT);
    private final FrameEncoder server = new FrameEncoder(Role.SERVER);

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }

    private byte[] frame(FrameEncoder encoder, Opcode opcode, boolean fin, int size) {
        return bytes(encoder.encodeFrame(opcode, fin, ByteBuffer.wrap(new byte[size])));
    }

    /** Scans the first {@code cut} bytes of {@code all}, placed after a few bytes already consumed. */
    private static long scan(byte[] all, int cut) {
        ByteBuffer b = ByteBuffer.allocate(cut + 3);
        b.put(new byte[3]).put(all, 0, cut).flip().position(3);
        long scanned = MessageExtent.scan(b);
        assertEquals(3, b.position(), "position left alone");
        assertEquals(cut + 3, b.limit(), "limit left alone");
        return scanned;
    }

    private static void assertScan(int whole, int needed, long scanned) {
        assertEquals(whole, MessageExtent.whole(scanned), "whole");
        assertEquals(needed, MessageExtent.needed(scanned), "needed");
    }

    @Test
    void wholeMessagesOfEveryLengthEncodingNeedNothingMore() {
        for (FrameEncoder encoder : new FrameEncoder[] {client, server}) {
            for (int size : new int[] {0, 125, 126, 65_535, 65_536, 200_000}) {
                byte[] f = frame(encoder, Opcode.BINARY, true, size);
                assertScan(f.length, 0, scan(f, f.length));
            }
        }
    }

    @Test
    void aMessageCutAnywhereNeedsItsWholeLength() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] first = frame(client, Opcode.BINARY, true, 300);
        byte[] second = frame(client, Opcode.BINARY, true, 70_000); // 8-byte length, 4-byte mask: 14-byte header
        out.writeBytes(first);
        out.writeBytes(second);
        byte[] all = out.toByteArray();
        // Cut in the second frame's header: at least the header is needed.
        assertScan(first.length, 2, scan(all, first.length + 1));
        assertScan(first.length, 14, scan(all, first.length + 2));
        assertScan(first.length, 14, scan(all, first.length + 13));
        // Header whole, payload cut: the frame's length is known.
        assertScan(first.length, second.length, scan(all, first.length + 14));
        assertScan(first.length, second.length, scan(all, all.length - 1));
        assertScan(all.length, 0, scan(all, all.length));
        // Cut in the first frame.
        assertScan(0, first.length, scan(all, 100));
    }

    /**
     * A fragmented message is the engine's to assemble: it must judge each fragment, and answer a
     * ping between fragments, as they come, so nothing of it is held back.
     */
    @Test
    void aFragmentedMessageGoesToTheEngineAsItComes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] ping = frame(client, Opcode.PING, true, 4);
        byte[] start = frame(client, Opcode.BINARY, false, 100);
        byte[] between = frame(client, Opcode.PING, true, 2);
        byte[] rest = frame(client, Opcode.CONTINUATION, true, 50);
        out.writeBytes(ping);
        out.writeBytes(start);
        out.writeBytes(between);
        out.writeBytes(rest);
        byte[] all = out.toByteArray();
        int messageStart = ping.length;
        assertScan(all.length, 0, scan(all, all.length));
        // The first fragment cut off, in its header or its payload: handed over as it is.
        assertScan(messageStart + 1, 0, scan(all, messageStart + 1));
        assertScan(messageStart + 50, 0, scan(all, messageStart + 50));
        // Between the fragments, and with the ping between them: nothing waits for the rest.
        assertScan(messageStart + start.length, 0, scan(all, messageStart + start.length));
        assertScan(messageStart + start.length + between.length, 0,
                scan(all, messageStart + start.length + between.length));
        assertScan(all.length - 1, 0, scan(all, all.length - 1));
    }

    /** Autobahn 6.4: invalid UTF-8 fails the connection when it arrives, not when its frame is whole. */
    @Test
    void aTextFrameCutOffGoesToTheEngineAsItComes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] binary = frame(client, Opcode.BINARY, true, 10);
        byte[] text = frame(client, Opcode.TEXT, true, 300);
        out.writeBytes(binary);
        out.writeBytes(text);
        byte[] all = out.toByteArray();
        assertScan(all.length, 0, scan(all, all.length));
        assertScan(binary.length + 1, 0, scan(all, binary.length + 1));
        assertScan(binary.length + 100, 0, scan(all, binary.length + 100));
        // A whole text message before a cut-off binary one does not stop the binary's gathering.
        byte[] big = frame(client, Opcode.BINARY, true, 1000);
        byte[] both = ByteBuffer.allocate(text.length + big.length).put(text).put(big).array();
        assertScan(text.length, big.length, scan(both, both.length - 1));
    }

    /** A control frame is at most 125 bytes (§5.5): a longer one fails on its header, unwaited. */
    @Test
    void anOverlongControlFrameIsNotWaitedFor() {
        byte[] header = {(byte) 0x89, 126, 0x10, 0x00};
        assertScan(header.length, 0, scan(header, header.length));
        byte[] ping = frame(client, Opcode.PING, true, 125);
        assertScan(0, ping.length, scan(ping, ping.length - 1));
    }

    @Test
    void anImpossibleLengthNeedsMoreThanAnyBuffer() {
        byte[] header = {(byte) 0x82, 127, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0};
        assertScan(0, Integer.MAX_VALUE, scan(header, header.length));
        byte[] big = {(byte) 0x82, 127, 0, 0, 0, 1, 0, 0, 0, 0};
        assertScan(0, Integer.MAX_VALUE, scan(big, big.length));
    }
}
