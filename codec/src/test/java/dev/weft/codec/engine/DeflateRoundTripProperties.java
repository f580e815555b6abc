package dev.weft.codec.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.codec.engine.ProtocolEvent.BinaryReceived;
import dev.weft.codec.extension.Extension;
import dev.weft.codec.extension.ExtensionOffer;
import dev.weft.codec.extension.deflate.DeflateConfig;
import dev.weft.codec.extension.deflate.PerMessageDeflate;
import dev.weft.codec.frame.Role;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * RFC 7692 round trips: whatever the negotiated terms (windows 8–15, context kept or reset) and
 * however the bytes are split on the way, every message a client sends compressed arrives as sent.
 */
class DeflateRoundTripProperties {

    @Property(tries = 30)
    void everyMessageArrivesAsSentUnderAnyTerms(@ForAll @IntRange(min = 8, max = 15) int clientBits,
                                                @ForAll boolean clientResets,
                                                @ForAll @IntRange(min = 1, max = 300) int chunk,
                                                @ForAll @Size(min = 1, max = 6) List<@Size(max = 3000) List<@IntRange(min = 0, max = 7) Integer>> messages) {
        String offer = "permessage-deflate; client_max_window_bits=" + clientBits + (clientResets ? "; client_no_context_takeover" : "");
        PerMessageDeflate serverSide = new PerMessageDeflate(DeflateConfig.defaults().withThreshold(0));
        PerMessageDeflate clientSide = new PerMessageDeflate(DeflateConfig.defaults().withThreshold(0)
                .withMaxWindowBits(15, clientBits).withContextTakeover(true, !clientResets));
        Extension server = serverSide.accept(ExtensionOffer.parse(List.of(offer))).orElseThrow();
        Extension client = clientSide.accepted(server.agreed());
        WebSocketProtocol sender = new WebSocketProtocol(ProtocolConfig.defaults(Role.CLIENT), List.of(client), null);
        WebSocketProtocol receiver = new WebSocketProtocol(ProtocolConfig.defaults(Role.SERVER), List.of(server), null);
        for (List<Integer> m : messages) {
            // Few distinct byte values: repeats at every distance, so the window matters.
            byte[] bytes = new byte[m.size() * 7];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (m.get(i / 7) * 31 + i % 7);
            }
            sender.sendBinary(ByteBuffer.wrap(bytes));
            byte[] wire = Wire.drain(sender);
            for (int i = 0; i < wire.length; i += chunk) {
                receiver.receive(ByteBuffer.wrap(Arrays.copyOfRange(wire, i, Math.min(wire.length, i + chunk))));
            }
            ProtocolEvent e = receiver.nextEvent();
            ByteBuffer got = ((BinaryReceived) e).data();
            byte[] received = new byte[got.remaining()];
            got.get(received);
            assertEquals(ByteBuffer.wrap(bytes), ByteBuffer.wrap(received));
        }
        sender.receiveEof();
        receiver.receiveEof();
        assertEquals(serverSide.idleStreams(), serverSide.openStreams());
        assertEquals(clientSide.idleStreams(), clientSide.openStreams());
    }
}
