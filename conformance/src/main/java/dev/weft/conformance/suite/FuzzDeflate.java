package dev.weft.conformance.suite;

import dev.weft.codec.extension.Extension;
import dev.weft.codec.extension.ExtensionFactory;
import dev.weft.codec.extension.ExtensionOffer;
import dev.weft.codec.extension.MessageTransform;
import dev.weft.codec.extension.deflate.DeflateParameters;
import dev.weft.codec.frame.FrameHeader;
import dev.weft.codec.testkit.WindowCheckingInflater;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.Deflater;

/**
 * The fuzzer's permessage-deflate (RFC 7692) on one connection, written apart from Weft's: it
 * compresses what the fuzzer sends with a plain {@link Deflater}, and inflates what the peer sends
 * with a {@link WindowCheckingInflater} that enforces the window the peer promised and, where the
 * peer agreed to reset its context, that no message refers into an earlier one. A reference too
 * far is a protocol violation, so the case is FAILED rather than silently passed.
 *
 * <p>{@link #factory(DeflateTerms)} negotiates it the way Autobahn's fuzzer does, on either side.
 */
final class FuzzDeflate {

    private static final int FULL = 15;

    private final int sendWindowBits;
    private final boolean sendReset;
    private final WindowCheckingInflater checker;
    private final boolean receiveReset;
    private final String terms;
    private Deflater deflater;
    private long sinceReset;

    FuzzDeflate(int sendWindowBits, boolean sendReset, int receiveWindowBits, boolean receiveReset, String terms) {
        this.sendWindowBits = sendWindowBits;
        this.sendReset = sendReset;
        this.checker = new WindowCheckingInflater(receiveWindowBits);
        this.receiveReset = receiveReset;
        this.terms = terms;
    }

    /** The agreed terms, for the wire log. */
    String terms() {
        return terms;
    }

    /**
     * Compresses one message as §7.2.1 says: deflate, sync flush, drop the final 00 00 ff ff;
     * within the window agreed for the fuzzer (a full flush every 2^N input bytes).
     */
    byte[] compress(byte[] message) {
        if (deflater == null) {
            deflater = new Deflater(6, true);
        }
        out = new byte[message.length + 64];
        length = 0;
        int off = 0;
        long window = 1L << sendWindowBits;
        while (off < message.length) {
            int take = message.length - off;
            if (sendWindowBits < FULL) {
                if (sinceReset >= window) {
                    run(Deflater.FULL_FLUSH);
                    sinceReset = 0;
                }
                take = (int) Math.min(take, window - sinceReset);
            }
            deflater.setInput(message, off, take);
            run(Deflater.NO_FLUSH);
            off += take;
            sinceReset += take;
        }
        if (message.length == 0) {
            deflater.setInput(message);
            run(Deflater.NO_FLUSH); // zlib skips a sync flush right after another unless something comes between
        }
        run(Deflater.SYNC_FLUSH);
        if (sendReset) {
            deflater.reset();
            sinceReset = 0;
        }
        byte[] result = Arrays.copyOf(out, length - 4);
        out = null;
        return result;
    }

    // The output of the message being compressed.
    private byte[] out;
    private int length;

    private void run(int flush) {
        while (true) {
            if (out.length - length < 16) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            int room = out.length - length;
            int n = deflater.deflate(out, length, room, flush);
            length += n;
            if (flush == Deflater.NO_FLUSH ? deflater.needsInput() : n < room) {
                return;
            }
        }
    }

    /**
     * Inflates one compressed message from the peer.
     *
     * @throws IllegalStateException if the data is corrupt, refers beyond the promised window, or
     *                               into an earlier message when the peer agreed not to
     */
    byte[] inflate(byte[] payload) {
        if (receiveReset) {
            checker.reset();
        }
        return checker.inflate(payload);
    }

    /** Frees the compressor. */
    void end() {
        if (deflater != null) {
            deflater.end();
        }
    }

    // ---------------------------------------------------------------- negotiation

    /**
     * Returns a factory that negotiates as Autobahn's fuzzer does for a case: as a client it
     * offers {@link DeflateTerms#offers()}, each with {@code client_no_context_takeover} and
     * {@code client_max_window_bits} (Autobahn's default offer); as a server it takes the first of
     * {@link DeflateTerms#accepts()} that one of the client's offers allows.
     */
    static ExtensionFactory factory(DeflateTerms terms) {
        return new ExtensionFactory() {
            @Override
            public String name() {
                return DeflateParameters.NAME;
            }

            @Override
            public List<ExtensionOffer> offers() {
                List<ExtensionOffer> out = new ArrayList<>();
                for (DeflateTerms.Request r : terms.offers()) {
                    Map<String, String> p = new LinkedHashMap<>();
                    p.put("client_no_context_takeover", null);
                    p.put("client_max_window_bits", null);
                    if (r.noContextTakeover()) {
                        p.put("server_no_context_takeover", null);
                    }
                    if (r.maxWindowBits() != 0) {
                        p.put("server_max_window_bits", Integer.toString(r.maxWindowBits()));
                    }
                    out.add(new ExtensionOffer(DeflateParameters.NAME, p));
                }
                return out;
            }

            @Override
            public Extension accepted(ExtensionOffer agreed) {
                DeflateParameters a = DeflateParameters.parse(agreed, true);
                for (DeflateTerms.Request r : terms.offers()) {
                    boolean fits = (!r.noContextTakeover() || a.serverNoContextTakeover())
                            && (r.maxWindowBits() == 0 || (a.serverMaxWindowBits() != 0 && a.serverMaxWindowBits() <= r.maxWindowBits()));
                    if (fits) {
                        // The fuzzer's offer named client_no_context_takeover, a promise (§7.1.1.2) it keeps.
                        int send = a.clientMaxWindowBits() > 0 ? a.clientMaxWindowBits() : FULL;
                        int receive = a.serverMaxWindowBits() > 0 ? a.serverMaxWindowBits() : FULL;
                        return new Agreed(agreed, new FuzzDeflate(send, true, receive, a.serverNoContextTakeover(),
                                agreed.toHeaderValue()));
                    }
                }
                throw new IllegalArgumentException("the answer fits none of the offers");
            }

            @Override
            public Optional<Extension> accept(List<ExtensionOffer> offers) {
                for (DeflateTerms.Request r : terms.accepts()) {
                    for (ExtensionOffer o : offers) {
                        DeflateParameters p;
                        try {
                            p = DeflateParameters.parse(o, false);
                        } catch (IllegalArgumentException malformed) {
                            continue;
                        }
                        if (r.noContextTakeover() && !p.clientNoContextTakeover()
                                || r.maxWindowBits() != 0 && p.clientMaxWindowBits() == 0) {
                            continue; // Autobahn asks only what the client said it can do
                        }
                        int clientBits = r.maxWindowBits();
                        if (clientBits != 0 && p.clientMaxWindowBits() > 0) {
                            clientBits = Math.min(clientBits, p.clientMaxWindowBits());
                        }
                        DeflateParameters answer = new DeflateParameters(p.serverNoContextTakeover(), r.noContextTakeover(),
                                p.serverMaxWindowBits(), clientBits);
                        int receive = clientBits != 0 ? clientBits : p.clientMaxWindowBits() > 0 ? p.clientMaxWindowBits() : FULL;
                        // A client that offered client_no_context_takeover promised to reset; hold it to that.
                        boolean receiveReset = r.noContextTakeover() || p.clientNoContextTakeover();
                        int send = p.serverMaxWindowBits() != 0 ? p.serverMaxWindowBits() : FULL;
                        ExtensionOffer element = answer.toElement();
                        return Optional.of(new Agreed(element, new FuzzDeflate(send, p.serverNoContextTakeover(), receive,
                                receiveReset, element.toHeaderValue())));
                    }
                }
                return Optional.empty();
            }
        };
    }

    /** The negotiated extension as the handshake classes carry it; its transforms are never used. */
    record Agreed(ExtensionOffer agreed, FuzzDeflate deflate) implements Extension {
        @Override
        public String name() {
            return DeflateParameters.NAME;
        }

        @Override
        public int rsvBits() {
            return FrameHeader.RSV1;
        }

        @Override
        public MessageTransform inbound() {
            return MessageTransform.IDENTITY;
        }

        @Override
        public MessageTransform outbound() {
            return MessageTransform.IDENTITY;
        }
    }
}
