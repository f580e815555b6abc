package dev.weft.conformance.suite;

import java.util.List;

/**
 * What a compression case (sections 12 and 13) negotiates, in Autobahn's terms: the
 * permessage-deflate offers the fuzzer makes as a client, and the ways it may accept a testee
 * client's offer as a server, in order of preference.
 *
 * @param offers  as a fuzzing client: one offer each, in order
 * @param accepts as a fuzzing server: the first one a client's offer allows is taken
 */
public record DeflateTerms(List<Request> offers, List<Request> accepts) {

    /**
     * One set of requests to the peer (Autobahn's {@code requestNoContextTakeover} and
     * {@code requestMaxWindowBits}). In an offer they ask the server for
     * {@code server_no_context_takeover} and {@code server_max_window_bits}; in an acceptance they
     * ask the client for {@code client_no_context_takeover} and {@code client_max_window_bits}.
     *
     * @param noContextTakeover ask the peer to reset its context per message
     * @param maxWindowBits     ask the peer for this window, 8–15; 0 to ask nothing
     */
    public record Request(boolean noContextTakeover, int maxWindowBits) {
        /** Asks nothing. */
        public static final Request NONE = new Request(false, 0);

        @Override
        public String toString() {
            return "(" + (noContextTakeover ? "True" : "False") + ", " + maxWindowBits + ")";
        }
    }

    /** Copies the lists. */
    public DeflateTerms {
        offers = List.copyOf(offers);
        accepts = List.copyOf(accepts);
    }
}
