package dev.weft.codec.frame;

import static dev.weft.codec.frame.Frames.concat;
import static dev.weft.codec.frame.Frames.fromClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Assembly memory (RFC 6455 §10.4, "implementations SHOULD impose a limit on frame sizes and the
 * total message size"): a message that spans reads is gathered into a buffer sized from what its
 * headers announced, never doubled past it; the buffers of all connections that share an
 * {@link AssemblyBudget} stay within it, and the connection that would pass it fails with 1013.
 */
class AssemblyBudgetTest {

    private static final DecoderConfig SERVER = DecoderConfig.defaults(Role.SERVER);

    /** Feeds {@code frame} in two reads: its first {@code head} bytes, then the rest. */
    private static void feedSplit(FrameDecoder decoder, byte[] frame, int head) {
        decoder.decode(ByteBuffer.wrap(frame, 0, head));
        decoder.decode(ByteBuffer.wrap(frame, head, frame.length - head));
    }

    @Test
    void aMessageSpanningReadsIsBufferedAtItsAnnouncedSizeNotDoubled() {
        AssemblyBudget budget = AssemblyBudget.of(10L * 1024 * 1024);
        RecordingListener listener = new RecordingListener();
        MessageAssembler assembler = new MessageAssembler(SERVER, listener, budget);
        FrameDecoder decoder = new FrameDecoder(SERVER, assembler);
        int size = 1024 * 1024 + 1; // one byte past a power of two: doubling would make it 2 MiB
        byte[] frame = fromClient(true, 0, 0x2, new byte[size]);
        decoder.decode(ByteBuffer.wrap(frame, 0, 1000));
        assertEquals(size, assembler.heldBytes(), "the buffer holds what the header announced");
        assertEquals(size, budget.held());
        decoder.decode(ByteBuffer.wrap(frame, 1000, frame.length - 1000));
        assertEquals(1, listener.events.size());
        assertEquals(0, budget.held(), "a buffer over the retention size goes back after its message");
    }

    @Test
    void fragmentsGrowTheBufferToWhatEachHeaderAnnounced() {
        AssemblyBudget budget = AssemblyBudget.of(1L << 30);
        MessageAssembler assembler = new MessageAssembler(SERVER, new RecordingListener(), budget);
        FrameDecoder decoder = new FrameDecoder(SERVER, assembler);
        feedSplit(decoder, fromClient(false, 0, 0x2, new byte[300_000]), 100);
        assertEquals(300_000, assembler.heldBytes());
        decoder.decode(ByteBuffer.wrap(fromClient(false, 0, 0x0, new byte[500_000]), 0, 50));
        assertEquals(800_000, assembler.heldBytes(), "gathered so far plus the new frame's length");
    }

    @Test
    void aMessageInPiecesDoublesUpToTheKeptSize() {
        // As an inflater hands on a 64 KiB message: eight pieces of 8 KiB, none announcing the rest.
        MessageAssembler assembler = new MessageAssembler(SERVER, new RecordingListener(), AssemblyBudget.of(1L << 30));
        FrameDecoder decoder = new FrameDecoder(SERVER, assembler);
        java.util.List<Long> sizes = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            decoder.decode(ByteBuffer.wrap(fromClient(i == 7, 0, i == 0 ? 0x2 : 0x0, new byte[8192])));
            if (sizes.isEmpty() || sizes.get(sizes.size() - 1) != assembler.heldBytes()) {
                sizes.add(assembler.heldBytes());
            }
        }
        assertEquals(java.util.List.of(8192L, 16384L, 32768L, 65536L), sizes, "buffers taken along the way");
        assembler.giveBackBuffer();
        assertEquals(0, assembler.heldBytes(), "and given back once quiet");
    }

    @Test
    void manySmallFragmentsGrowByAQuarterSoGatheringStaysLinear() {
        MessageAssembler assembler = new MessageAssembler(SERVER, new RecordingListener(), AssemblyBudget.of(1L << 30));
        FrameDecoder decoder = new FrameDecoder(SERVER, assembler);
        decoder.decode(ByteBuffer.wrap(fromClient(false, 0, 0x2, new byte[100_000])));
        long grows = 0;
        long last = assembler.heldBytes();
        for (int i = 0; i < 1000; i++) {
            decoder.decode(ByteBuffer.wrap(fromClient(false, 0, 0x0, new byte[100])));
            if (assembler.heldBytes() != last) {
                grows++;
                assertTrue(assembler.heldBytes() <= last + last / 4 + 100, "never more than a quarter at a time");
                last = assembler.heldBytes();
            }
        }
        assertTrue(grows < 10, "a thousand fragments, few copies: " + grows);
    }

    @Test
    void aConnectionThatWouldPassTheBudgetFailsWithTryAgainLater() {
        AssemblyBudget budget = AssemblyBudget.of(3 * 100_000);
        byte[] frame = fromClient(true, 0, 0x2, new byte[100_000]);
        FrameDecoder[] peers = new FrameDecoder[4];
        for (int i = 0; i < 3; i++) {
            peers[i] = new FrameDecoder(SERVER, new MessageAssembler(SERVER, new RecordingListener(), budget));
            peers[i].decode(ByteBuffer.wrap(frame, 0, 500)); // each leaves its message unfinished
        }
        assertEquals(300_000, budget.held());
        peers[3] = new FrameDecoder(SERVER, new MessageAssembler(SERVER, new RecordingListener(), budget));
        FailConnectionException e = assertThrows(FailConnectionException.class,
                () -> peers[3].decode(ByteBuffer.wrap(frame, 0, 500)));
        assertEquals(CloseCode.TRY_AGAIN_LATER, e.closeCode());
        assertEquals(300_000, budget.held(), "the refused connection reserved nothing");
    }

    @Test
    void aWholeMessageInOneReadNeedsNoBudgetAtAll() {
        AssemblyBudget none = AssemblyBudget.of(0);
        RecordingListener listener = new RecordingListener();
        FrameDecoder decoder = new FrameDecoder(SERVER, new MessageAssembler(SERVER, listener, none));
        decoder.decode(ByteBuffer.wrap(fromClient(true, 0, 0x2, new byte[70_000])));
        assertEquals(1, listener.events.size());
    }

    @Test
    void discardGivesAnUnfinishedMessageBackToTheBudget() {
        AssemblyBudget budget = AssemblyBudget.of(1_000_000);
        MessageAssembler assembler = new MessageAssembler(SERVER, new RecordingListener(), budget);
        FrameDecoder decoder = new FrameDecoder(SERVER, assembler);
        decoder.decode(ByteBuffer.wrap(fromClient(true, 0, 0x2, new byte[600_000]), 0, 100));
        assertEquals(600_000, budget.held());
        assembler.discard();
        assertEquals(0, budget.held());
        assertEquals(0, assembler.heldBytes());
    }

    @Test
    void aSmallBufferGoesBackToTheSparesAfterItsMessageAndServesTheNext() {
        AssemblyBudget budget = AssemblyBudget.of(1_000_000);
        RecordingListener listener = new RecordingListener();
        MessageAssembler assembler = new MessageAssembler(SERVER, listener, budget);
        FrameDecoder decoder = new FrameDecoder(SERVER, assembler);
        byte[] message = new byte[64 * 1024]; // the case: a 64 KiB message that arrives in pieces
        Arrays.fill(message, (byte) 7);
        byte[] frame = fromClient(true, 0, 0x2, message);
        for (int i = 0; i < 3; i++) {
            decoder.decode(ByteBuffer.wrap(frame, 0, 20_000));
            assertEquals(64 * 1024, assembler.heldBytes(), "exactly the message while it is assembled");
            decoder.decode(ByteBuffer.wrap(frame, 20_000, frame.length - 20_000));
            assertEquals(64 * 1024, assembler.heldBytes(), "the delivered message's, while it may be read");
            assembler.giveBackBuffer();
            assertEquals(0, assembler.heldBytes(), "nothing held between messages once quiet");
            assertEquals(0, budget.held());
        }
        assertEquals(3, listener.events.size());
        assertEquals(1, budget.spares().made(), "one buffer served all three messages");
        assertEquals(1, budget.spares().spare());
    }

    @Test
    void aBufferIsNotGivenBackMidMessage() {
        AssemblyBudget budget = AssemblyBudget.of(1_000_000);
        RecordingListener listener = new RecordingListener();
        MessageAssembler assembler = new MessageAssembler(SERVER, listener, budget);
        FrameDecoder decoder = new FrameDecoder(SERVER, assembler);
        byte[] message = new byte[3000];
        Arrays.fill(message, (byte) 9);
        byte[] frame = fromClient(true, 0, 0x2, message);
        decoder.decode(ByteBuffer.wrap(frame, 0, 1000));
        assembler.giveBackBuffer();
        assertEquals(4096, assembler.heldBytes(), "the message's bytes so far stay");
        decoder.decode(ByteBuffer.wrap(frame, 1000, frame.length - 1000));
        assertEquals(List.of("binary " + "09".repeat(3000)), listener.events);
    }

    @Test
    void connectionsBetweenMessagesShareTheirBuffers() {
        // A compressed connection assembles every message; a thousand quiet ones hold no buffer.
        AssemblyBudget budget = AssemblyBudget.of(10_000_000);
        MessageAssembler[] assemblers = new MessageAssembler[1000];
        for (int i = 0; i < assemblers.length; i++) {
            assemblers[i] = new MessageAssembler(SERVER, new RecordingListener(), budget);
            feedSplit(new FrameDecoder(SERVER, assemblers[i]), fromClient(true, 0, 0x2, new byte[1000]), 100);
            assemblers[i].giveBackBuffer();
            assertEquals(0, assemblers[i].heldBytes());
        }
        assertEquals(0, budget.held());
        assertEquals(1, budget.spares().made(), "each took the buffer the one before gave back");
    }

    @Test
    void buffersComeInPowersOfTwoUpToTheKeptSizeAndExactAboveIt() {
        assertEquals(256, SpareBuffers.capacityFor(1));
        assertEquals(256, SpareBuffers.capacityFor(256));
        assertEquals(512, SpareBuffers.capacityFor(257));
        assertEquals(1024, SpareBuffers.capacityFor(1000));
        assertEquals(65536, SpareBuffers.capacityFor(65536));
        assertEquals(65537, SpareBuffers.capacityFor(65537));
        SpareBuffers spares = new SpareBuffers();
        spares.give(ByteBuffer.allocate(1000)); // not a class size: not kept
        spares.give(ByteBuffer.allocate(65537)); // above the largest class: not kept
        assertEquals(0, spares.spare());
        for (int i = 0; i < 100; i++) {
            spares.give(ByteBuffer.allocate(65536));
        }
        assertEquals(16, spares.spare(), "at most 1 MiB of one class");
    }

    @Test
    void aKeptBufferIsDroppedWhenTheBudgetIsMoreThanHalfUsed() {
        AssemblyBudget budget = AssemblyBudget.of(100_000);
        assertTrue(budget.tryReserve(60_000)); // other connections hold most of it
        MessageAssembler assembler = new MessageAssembler(SERVER, new RecordingListener(), budget);
        feedSplit(new FrameDecoder(SERVER, assembler), fromClient(true, 0, 0x2, new byte[10_000]), 50);
        assertEquals(0, assembler.heldBytes());
        assertEquals(60_000, budget.held());
    }

    @Test
    void theUnlimitedBudgetNeverRefusesAndKeepsNoCount() {
        AssemblyBudget unlimited = AssemblyBudget.unlimited();
        assertTrue(unlimited.tryReserve(Long.MAX_VALUE));
        assertEquals(0, unlimited.held());
        AssemblyBudget tiny = AssemblyBudget.of(10);
        assertTrue(tiny.tryReserve(10));
        assertFalse(tiny.tryReserve(1));
        tiny.release(10);
        assertTrue(tiny.tryReserve(1));
    }

    @Test
    void splitPointsDoNotChangeTheMessageOrTheAccounting() {
        byte[] input = concat(fromClient(false, 0, 0x2, new byte[] {1, 2, 3}), fromClient(true, 0, 0x0, new byte[] {4, 5}));
        for (List<ByteBuffer> chunks : Splits.all(input)) {
            AssemblyBudget budget = AssemblyBudget.of(10_000);
            RecordingListener listener = new RecordingListener();
            FrameDecoder decoder = new FrameDecoder(SERVER, new MessageAssembler(SERVER, listener, budget));
            chunks.forEach(decoder::decode);
            assertEquals(List.of("binary 0102030405"), listener.events);
            assertTrue(budget.held() <= 256, "at most the smallest buffer, until given back");
        }
    }
}
