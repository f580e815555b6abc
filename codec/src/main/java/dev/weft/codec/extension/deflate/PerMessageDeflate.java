package dev.weft.codec.extension.deflate;

import static dev.weft.codec.extension.deflate.DeflateParameters.ABSENT;
import static dev.weft.codec.extension.deflate.DeflateParameters.NO_VALUE;

import dev.weft.codec.extension.Extension;
import dev.weft.codec.extension.ExtensionFactory;
import dev.weft.codec.extension.ExtensionOffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Negotiates permessage-deflate (RFC 7692 §5–7) on either side, and shares one pool of zlib
 * streams among the connections it makes.
 *
 * <p>Server: takes the client's offers in the client's order and accepts the first it can honour
 * (§5.1). Every well-formed offer can be honoured, since any window from 8 to 15 can be kept (see
 * {@link MessageDeflater}); a malformed one (§7: an unknown parameter, a value where none belongs,
 * a window missing, not a number or outside 8–15) is declined, and the next one tried.
 *
 * <p>Client: offers what the {@link DeflateConfig} asks for, followed, when that asks the server
 * for anything, by a plain offer the server may take instead. It accepts a response that fits one
 * of its offers (§7.1) and refuses anything else, which fails the opening handshake with the
 * reason.
 *
 * <p>One instance may serve any number of connections at once (thread-safe); its pool is
 * described in {@link DeflateConfig}.
 */
public final class PerMessageDeflate implements ExtensionFactory {
    private final DeflateConfig config;
    private final ZlibPool pool;
    /** A client's own list of offers, or {@code null} to derive them from the config. */
    private final List<DeflateParameters> explicitOffers;

    /**
     * Creates the factory.
     *
     * @param config the settings for this side
     */
    public PerMessageDeflate(DeflateConfig config) {
        this(config, null);
    }

    private PerMessageDeflate(DeflateConfig config, List<DeflateParameters> offers) {
        this.config = Objects.requireNonNull(config, "config");
        this.pool = new ZlibPool(config.level(), config.poolSize());
        this.explicitOffers = offers == null ? null : List.copyOf(offers);
    }

    /**
     * Creates a client factory that makes exactly these offers, in this order of preference, and
     * compresses by {@code config}'s level, threshold and window. An answer is taken as accepting
     * the first offer it fits; an offer naming {@code client_no_context_takeover} is kept to
     * (§7.1.1.2), whatever the answer says. For example, offering context takeover first and
     * {@code client_no_context_takeover} second lets a server choose either.
     *
     * @param config the settings
     * @param offers the offers, at least one
     * @return the factory
     * @throws IllegalArgumentException if {@code offers} is empty
     */
    public static PerMessageDeflate offering(DeflateConfig config, List<DeflateParameters> offers) {
        if (offers.isEmpty()) {
            throw new IllegalArgumentException("offer something");
        }
        return new PerMessageDeflate(config, offers);
    }

    /**
     * Creates the factory with {@link DeflateConfig#defaults()}.
     *
     * @return the factory
     */
    public static PerMessageDeflate withDefaults() {
        return new PerMessageDeflate(DeflateConfig.defaults());
    }

    /**
     * Returns the settings.
     *
     * @return the settings
     */
    public DeflateConfig config() {
        return config;
    }

    @Override
    public String name() {
        return DeflateParameters.NAME;
    }

    // ---------------------------------------------------------------- server side

    @Override
    public Optional<Extension> accept(List<ExtensionOffer> offers) {
        for (ExtensionOffer offer : offers) {
            DeflateParameters p;
            try {
                p = DeflateParameters.parse(offer, false);
            } catch (IllegalArgumentException malformed) {
                continue; // §7: decline this offer; a later one may be fine
            }
            return Optional.of(serverAgrees(p));
        }
        return Optional.empty();
    }

    private Extension serverAgrees(DeflateParameters offer) {
        // §7.1.2.1: the server's window is at most what the client asked, and at most our own.
        int serverBits = Math.min(config.serverMaxWindowBits(),
                offer.serverMaxWindowBits() == ABSENT ? DeflateConfig.MAX_WINDOW_BITS : offer.serverMaxWindowBits());
        boolean answerServerBits = offer.serverMaxWindowBits() != ABSENT || serverBits < DeflateConfig.MAX_WINDOW_BITS;
        // §7.1.1.1: an offered server_no_context_takeover must be honoured.
        boolean serverReset = offer.serverNoContextTakeover() || config.serverNoContextTakeover();
        // §7.1.1.2: echoing the client's hint binds it, which lets us borrow a decompressor per message.
        boolean clientReset = offer.clientNoContextTakeover() || config.clientNoContextTakeover();
        // §7.1.2.2: client_max_window_bits may be answered only if offered, at most the offered value.
        int clientBits = ABSENT;
        if (offer.clientMaxWindowBits() != ABSENT && config.clientMaxWindowBits() < DeflateConfig.MAX_WINDOW_BITS) {
            clientBits = offer.clientMaxWindowBits() == NO_VALUE ? config.clientMaxWindowBits()
                    : Math.min(offer.clientMaxWindowBits(), config.clientMaxWindowBits());
        }
        DeflateParameters answer = new DeflateParameters(serverReset, clientReset,
                answerServerBits ? serverBits : ABSENT, clientBits);
        return new DeflateExtension(answer,
                new MessageDeflater(pool, !serverReset, serverBits, config.threshold()),
                new MessageInflater(pool, !clientReset));
    }

    // ---------------------------------------------------------------- client side

    @Override
    public List<ExtensionOffer> offers() {
        List<ExtensionOffer> offers = new ArrayList<>();
        for (DeflateParameters p : clientOffers()) {
            offers.add(p.toElement());
        }
        return offers;
    }

    private List<DeflateParameters> clientOffers() {
        if (explicitOffers != null) {
            return explicitOffers;
        }
        int serverBits = config.serverMaxWindowBits() < DeflateConfig.MAX_WINDOW_BITS ? config.serverMaxWindowBits() : ABSENT;
        // Without a value, client_max_window_bits only says "you may choose my window": always safe.
        int clientBits = config.clientMaxWindowBits() < DeflateConfig.MAX_WINDOW_BITS ? config.clientMaxWindowBits() : NO_VALUE;
        DeflateParameters preferred = new DeflateParameters(config.serverNoContextTakeover(),
                config.clientNoContextTakeover(), serverBits, clientBits);
        if (!config.serverNoContextTakeover() && serverBits == ABSENT) {
            return List.of(preferred);
        }
        // A server that cannot grant what we ask of it may still take this one.
        DeflateParameters fallback = new DeflateParameters(false, config.clientNoContextTakeover(), ABSENT, clientBits);
        return List.of(preferred, fallback);
    }

    @Override
    public Extension accepted(ExtensionOffer agreed) {
        DeflateParameters answer = DeflateParameters.parse(agreed, true);
        String why = null;
        for (DeflateParameters offer : clientOffers()) {
            why = mismatch(offer, answer);
            if (why == null) {
                return clientAgrees(agreed, answer, offer);
            }
        }
        throw new IllegalArgumentException(why);
    }

    /** Why {@code answer} cannot be the server's acceptance of {@code offer} (§7.1), or null if it can. */
    private static String mismatch(DeflateParameters offer, DeflateParameters answer) {
        if (offer.serverNoContextTakeover() && !answer.serverNoContextTakeover()) {
            return "server_no_context_takeover was offered but not accepted";
        }
        if (offer.serverMaxWindowBits() != ABSENT) {
            if (answer.serverMaxWindowBits() == ABSENT) {
                return "server_max_window_bits=" + offer.serverMaxWindowBits() + " was offered but not accepted";
            }
            if (answer.serverMaxWindowBits() > offer.serverMaxWindowBits()) {
                return "server_max_window_bits=" + answer.serverMaxWindowBits() + " is larger than the "
                        + offer.serverMaxWindowBits() + " offered";
            }
        }
        if (answer.clientMaxWindowBits() != ABSENT) {
            if (offer.clientMaxWindowBits() == ABSENT) {
                return "client_max_window_bits was not offered";
            }
            if (offer.clientMaxWindowBits() != NO_VALUE && answer.clientMaxWindowBits() > offer.clientMaxWindowBits()) {
                return "client_max_window_bits=" + answer.clientMaxWindowBits() + " is larger than the "
                        + offer.clientMaxWindowBits() + " offered";
            }
        }
        return null;
    }

    private Extension clientAgrees(ExtensionOffer agreed, DeflateParameters answer, DeflateParameters offer) {
        int clientBits = Math.min(config.clientMaxWindowBits(),
                answer.clientMaxWindowBits() == ABSENT ? DeflateConfig.MAX_WINDOW_BITS : answer.clientMaxWindowBits());
        if (offer.clientMaxWindowBits() > 0) {
            clientBits = Math.min(clientBits, offer.clientMaxWindowBits()); // §7.1.2.2: our offer's value binds us
        }
        // §7.1.1.2: an offer with client_no_context_takeover promised it, answered or not.
        boolean clientReset = answer.clientNoContextTakeover() || config.clientNoContextTakeover() || offer.clientNoContextTakeover();
        return new DeflateExtension(agreed,
                new MessageDeflater(pool, !clientReset, clientBits, config.threshold()),
                new MessageInflater(pool, !answer.serverNoContextTakeover()));
    }

    // ---------------------------------------------------------------- memory

    /**
     * Returns how many zlib streams this factory has made and not yet ended, idle pooled ones
     * included: with {@link #idleStreams()}, how much native memory its connections hold.
     *
     * @return the open stream count
     */
    public long openStreams() {
        return pool.open();
    }

    /**
     * Returns how many zlib streams sit idle in the pool, ready for the next message.
     *
     * @return the idle stream count
     */
    public int idleStreams() {
        return pool.idle();
    }
}
