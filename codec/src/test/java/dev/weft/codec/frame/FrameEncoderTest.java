package dev.weft.codec.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RFC 6455 §5.2 and §5.3 on the sending side: length forms, masking, resumable writing. */
class FrameEncoderTest {

    @Test
    void usesTheShortestLengthForm() {
        assertEquals(2, FrameHeader.encodedLength(0, false));
        assertEquals(2, FrameHeader.encodedLength(125, false));
        assertEquals(4, FrameHeader.encodedLength(126, false));
        assertEquals(4, FrameHeader.encodedLength(65535, false));
        assertEquals(10, FrameHeader.encodedLength(65536, false));
        assertEquals(14, FrameHeader.encodedLength(Long.MAX_VALUE, true));
        assertEquals("827d", headerHex(125));
        assertEquals("827e007e", headerHex(126));
        assertEquals("827effff", headerHex(65535));
        assertEquals("827f0000000000010000", headerHex(65536));
        assertEquals("827f7fffffffffffffff", headerHex(Long.MAX_VALUE));
    }

    private static String headerHex(long length) {
        ByteBuffer out = ByteBuffer.allocate(FrameHeader.MAX_LENGTH);
        new FrameHeader(true, 0, Opcode.BINARY, false, 0, length).writeTo(out);
        return Hex.of(out.flip());
    }

    @Test
    void writesIntoAnyBufferSizeResumably() {
        byte[] payload = new byte[300];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        FrameEncoder whole = new FrameEncoder(Role.CLIENT, () -> 0x01020304);
        String expected = Hex.of(whole.encodeFrame(Opcode.BINARY, true, ByteBuffer.wrap(payload)));
        for (int room = 1; room <= 20; room++) {
            FrameEncoder encoder = new FrameEncoder(Role.CLIENT, () -> 0x01020304);
            ByteBuffer source = ByteBuffer.wrap(payload);
            encoder.start(encoder.header(Opcode.BINARY, true, 0, payload.length), source);
            ByteBuffer all = ByteBuffer.allocate(400);
            ByteBuffer out = ByteBuffer.allocate(room);
            boolean done;
            do {
                out.clear();
                done = encoder.encode(out);
                all.put(out.flip());
            } while (!done);
            assertEquals(expected, Hex.of(all.flip()), "room " + room);
            assertTrue(encoder.isIdle());
            assertEquals(0, source.position(), "the payload's position does not move");
            assertEquals((byte) 7, payload[7], "the payload is not masked in place");
        }
    }

    @Test
    void clientFramesGetAFreshKeyEachTime() {
        FrameEncoder encoder = new FrameEncoder(Role.CLIENT);
        Set<Integer> keys = new HashSet<>();
        for (int i = 0; i < 64; i++) {
            FrameHeader header = encoder.header(Opcode.TEXT, true, 0, 1);
            assertTrue(header.masked());
            keys.add(header.maskingKey());
        }
        assertTrue(keys.size() > 60, "keys repeat: " + keys.size() + " distinct of 64");
    }

    @Test
    void serverFramesAreNotMasked() {
        FrameHeader header = new FrameEncoder(Role.SERVER).header(Opcode.TEXT, true, 0, 1);
        assertFalse(header.masked());
        assertEquals(0, header.maskingKey());
    }

    @Test
    void refusesFramesTheRfcForbids() {
        FrameEncoder encoder = new FrameEncoder(Role.SERVER);
        assertThrows(IllegalArgumentException.class, () -> encoder.header(Opcode.RESERVED_NON_CONTROL_3, true, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> encoder.header(Opcode.PING, false, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> encoder.header(Opcode.CLOSE, true, 0, 126));
        assertThrows(IllegalArgumentException.class,
                () -> encoder.start(encoder.header(Opcode.TEXT, true, 0, 3), ByteBuffer.allocate(2)));
    }

    @Test
    void refusesToStartASecondFrameMidway() {
        FrameEncoder encoder = new FrameEncoder(Role.SERVER);
        encoder.start(encoder.header(Opcode.BINARY, true, 0, 10), ByteBuffer.allocate(10));
        assertFalse(encoder.encode(ByteBuffer.allocate(5)));
        assertThrows(IllegalStateException.class,
                () -> encoder.start(encoder.header(Opcode.BINARY, true, 0, 0), ByteBuffer.allocate(0)));
    }

    @Test
    void gatheringWriteMatchesTheEncoder() {
        FrameEncoder encoder = new FrameEncoder(Role.CLIENT, () -> 0xcafebabe);
        byte[] payload = "gathered".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String expected = Hex.of(encoder.encodeFrame(Opcode.TEXT, true, ByteBuffer.wrap(payload)));

        FrameHeader header = encoder.header(Opcode.TEXT, true, 0, payload.length);
        ByteBuffer head = ByteBuffer.allocate(header.encodedLength());
        header.writeTo(head);
        ByteBuffer body = ByteBuffer.wrap(payload.clone());
        Masker.mask(body, header.maskingKey(), 0);
        assertEquals(expected, Hex.of(head.flip()) + Hex.of(body));
        assertNotEquals(Hex.of(payload), Hex.of(body));
    }

    @Test
    void startWritesTheFrameThatItsHeaderWouldGive() {
        for (Role role : Role.values()) {
            for (int length : new int[] {0, 1, 125, 126, 65535, 65536}) {
                for (int rsv : new int[] {0, FrameHeader.RSV1}) {
                    ByteBuffer payload = ByteBuffer.wrap(new byte[length]);
                    FrameEncoder byFields = new FrameEncoder(role, () -> 0x0badf00d);
                    ByteBuffer fromFields = ByteBuffer.allocate(FrameHeader.MAX_LENGTH + length);
                    byFields.start(Opcode.BINARY, false, rsv, payload);
                    assertTrue(byFields.encode(fromFields));

                    FrameEncoder byRecord = new FrameEncoder(role, () -> 0x0badf00d);
                    ByteBuffer fromRecord = ByteBuffer.allocate(FrameHeader.MAX_LENGTH + length);
                    byRecord.start(byRecord.header(Opcode.BINARY, false, rsv, length), payload);
                    assertTrue(byRecord.encode(fromRecord));

                    assertEquals(Hex.of(fromRecord.flip()), Hex.of(fromFields.flip()), role + " " + length + " rsv " + rsv);
                    assertEquals(0, payload.position());
                }
            }
        }
    }

    @Test
    void writeHeaderIsTheGatheringWrite() {
        byte[] payload = "gathered".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (Role role : Role.values()) {
            String expected = Hex.of(new FrameEncoder(role, () -> 0xcafebabe).encodeFrame(Opcode.TEXT, true, ByteBuffer.wrap(payload)));

            FrameEncoder encoder = new FrameEncoder(role, () -> 0xcafebabe);
            ByteBuffer head = ByteBuffer.allocate(FrameHeader.MAX_LENGTH);
            int key = encoder.writeHeader(Opcode.TEXT, true, 0, payload.length, head);
            assertEquals(FrameHeader.encodedLength(payload.length, role.masksOutgoing()), head.position());
            assertEquals(role.masksOutgoing() ? 0xcafebabe : 0, key);
            ByteBuffer body = ByteBuffer.wrap(payload.clone());
            if (role.masksOutgoing()) {
                Masker.mask(body, key, 0);
            }
            assertEquals(expected, Hex.of(head.flip()) + Hex.of(body), role.toString());
            assertTrue(encoder.isIdle());
        }
    }

    @Test
    void writeHeaderWithoutRoomWritesNothingAndSpendsNoKey() {
        int[] keysDrawn = {0};
        FrameEncoder encoder = new FrameEncoder(Role.CLIENT, () -> ++keysDrawn[0]);
        ByteBuffer out = ByteBuffer.allocate(FrameHeader.MAX_LENGTH);
        out.position(out.limit() - 7); // a masked 126-byte header needs 8
        assertThrows(java.nio.BufferOverflowException.class, () -> encoder.writeHeader(Opcode.BINARY, true, 0, 126, out));
        assertEquals(FrameHeader.MAX_LENGTH - 7, out.position());
        assertEquals(0, keysDrawn[0]);
    }

    @Test
    void writeHeaderRefusesToCutAFrameInTwo() {
        FrameEncoder encoder = new FrameEncoder(Role.SERVER);
        encoder.start(Opcode.BINARY, true, 0, ByteBuffer.allocate(10));
        assertFalse(encoder.encode(ByteBuffer.allocate(5)));
        assertThrows(IllegalStateException.class, () -> encoder.writeHeader(Opcode.BINARY, true, 0, 3, ByteBuffer.allocate(14)));
        assertThrows(IllegalStateException.class, () -> encoder.start(Opcode.BINARY, true, 0, ByteBuffer.allocate(0)));
    }

    @Test
    void fieldsTheRfcForbidsAreRefusedOnEveryPath() {
        FrameEncoder encoder = new FrameEncoder(Role.CLIENT);
        ByteBuffer out = ByteBuffer.allocate(FrameHeader.MAX_LENGTH);
        assertThrows(IllegalArgumentException.class, () -> encoder.start(Opcode.RESERVED_CONTROL_B, true, 0, ByteBuffer.allocate(0)));
        assertThrows(IllegalArgumentException.class, () -> encoder.start(Opcode.PING, false, 0, ByteBuffer.allocate(0)));
        assertThrows(IllegalArgumentException.class, () -> encoder.start(Opcode.PONG, true, 0, ByteBuffer.allocate(126)));
        assertThrows(IllegalArgumentException.class, () -> encoder.start(Opcode.TEXT, true, 8, ByteBuffer.allocate(0)));
        assertThrows(IllegalArgumentException.class, () -> encoder.writeHeader(Opcode.RESERVED_NON_CONTROL_7, true, 0, 0, out));
        assertThrows(IllegalArgumentException.class, () -> encoder.writeHeader(Opcode.CLOSE, true, 0, 126, out));
        assertThrows(IllegalArgumentException.class, () -> encoder.writeHeader(Opcode.BINARY, true, 0, -1, out));
        assertThrows(IllegalArgumentException.class, () -> encoder.header(Opcode.TEXT, true, -1, 0));
        assertEquals(0, out.position());
        assertTrue(encoder.isIdle());
    }

    @Test
    void headerRejectsImpossibleComponents() {
        assertThrows(IllegalArgumentException.class, () -> new FrameHeader(true, 8, Opcode.TEXT, false, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new FrameHeader(true, 0, Opcode.TEXT, false, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> new FrameHeader(true, 0, Opcode.TEXT, false, 5, 0));
        assertThrows(NullPointerException.class, () -> new FrameHeader(true, 0, null, false, 0, 0));
    }

    @Test
    void opcodeListsAllSixteenValues() {
        for (int code = 0; code < 16; code++) {
            assertEquals(code, Opcode.of(code).code());
        }
        assertThrows(IllegalArgumentException.class, () -> Opcode.of(16));
        assertTrue(Opcode.CLOSE.isControl());
        assertFalse(Opcode.BINARY.isControl());
        assertTrue(Opcode.RESERVED_CONTROL_F.isReserved());
        assertFalse(Opcode.PONG.isReserved());
    }
}
