package dev.weft.conformance.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.Route;
import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.extension.Extension;
import dev.weft.codec.extension.ExtensionFactory;
import dev.weft.codec.extension.ExtensionOffer;
import dev.weft.codec.extension.MessageTransform;
import dev.weft.codec.extension.deflate.DeflateConfig;
import dev.weft.codec.extension.deflate.PerMessageDeflate;
import dev.weft.codec.frame.Role;
import dev.weft.codec.handshake.OriginPolicy;
import dev.weft.codec.handshake.ServerHandshake;
import dev.weft.codec.http.HttpLimits;
import dev.weft.codec.spi.ServerBinding;
import dev.weft.codec.spi.Transport;
import dev.weft.codec.spi.TransportOptions;
import dev.weft.codec.spi.Transports;
import dev.weft.conformance.suite.cases.Catalogue;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The compression cases fail a server that promises what its compressor does not keep: it answers
 * every offer with whatever terms the client asked for, and compresses with a full 32 KiB window
 * and context kept all the same. The fuzzer's own inflater must catch both lies.
 */
class SuiteCatchesALyingCompressorTest {

    /** Accepts with the client's requests echoed, but compresses with zlib's defaults. */
    static final class Liar implements ExtensionFactory {
        private final PerMessageDeflate real = new PerMessageDeflate(DeflateConfig.defaults().withThreshold(0));

        @Override
        public String name() {
            return "permessage-deflate";
        }

        @Override
        public Optional<Extension> accept(List<ExtensionOffer> offers) {
            Extension honest = real.accept(List.of(ExtensionOffer.of("permessage-deflate"))).orElseThrow();
            java.util.Map<String, String> claimed = new java.util.LinkedHashMap<>();
            offers.get(0).parameters().forEach((k, v) -> {
                if (k.startsWith("server_")) {
                    claimed.put(k, v);
                }
            });
            ExtensionOffer lie = new ExtensionOffer("permessage-deflate", claimed);
            return Optional.of(new Extension() {
                public String name() {
                    return honest.name();
                }

                public int rsvBits() {
                    return honest.rsvBits();
                }

                public ExtensionOffer agreed() {
                    return lie;
                }

                public MessageTransform inbound() {
                    return honest.inbound();
                }

                public MessageTransform outbound() {
                    return honest.outbound();
                }

                public void release() {
                    honest.release();
                }
            });
        }

        @Override
        public List<ExtensionOffer> offers() {
            return List.of();
        }

        @Override
        public Extension accepted(ExtensionOffer agreed) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aWindowOrContextPromiseBrokenIsFailed() throws Exception {
        Transport transport = Transports.provider("nio").open(TransportOptions.defaults());
        try {
            ServerHandshake handshake = new ServerHandshake(List.of(), OriginPolicy.any(), List.of(new Liar()));
            Route upgrade = new Route.Upgrade(handshake, new WebSocketHandler() {
                @Override
                public void onText(WebSocketSession s, String text) {
                    s.sendText(text);
                }

                @Override
                public void onBinary(WebSocketSession s, ByteBuffer data) {
                    s.sendBinary(data);
                }
            }, ProtocolConfig.defaults(Role.SERVER));
            ServerBinding binding = transport.bind(new InetSocketAddress("127.0.0.1", 0), request -> upgrade,
                    HttpLimits.defaults(), null);
            // 13.3.10: the client asks for server_max_window_bits=8; 13.2.10: for server_no_context_takeover.
            List<CaseSpec> cases = Catalogue.all(SuiteMode.QUICK).stream()
                    .filter(c -> List.of("13.1.10", "13.2.10", "13.3.10").contains(c.id())).toList();
            List<CaseResult> results = new FuzzingClient(URI.create("ws://127.0.0.1:" + binding.localAddress().getPort() + "/"),
                    SuiteMode.QUICK).run(cases, line -> { });
            assertEquals(Verdict.OK, results.get(0).verdict(), "13.1.10 asks nothing: " + results.get(0).details());
            assertEquals(Verdict.FAILED, results.get(1).verdict(), results.get(1).details());
            assertTrue(results.get(1).violations().stream().anyMatch(v -> v.contains("before the history")), results.get(1).details());
            assertEquals(Verdict.FAILED, results.get(2).verdict(), results.get(2).details());
            assertTrue(results.get(2).violations().stream().anyMatch(v -> v.contains("beyond the promised window")), results.get(2).details());
            binding.close();
        } finally {
            transport.close();
        }
    }
}
