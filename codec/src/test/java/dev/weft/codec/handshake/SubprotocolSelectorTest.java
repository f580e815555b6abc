package dev.weft.codec.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Choosing a subprotocol: RFC 6455 §4.2.2 item 4 (the server picks one of the client's, or none). */
class SubprotocolSelectorTest {

    @Test
    void takesTheFirstSupportedNameInTheClientsOrder() {
        assertEquals(Optional.of("b"), SubprotocolSelector.select(List.of("x", "b", "a"), List.of("a", "b")));
        assertEquals(Optional.of("a"), SubprotocolSelector.clientPreference(List.of("b", "a")).select(List.of("a", "b")));
    }

    @Test
    void choosesNothingWithoutAMatch() {
        assertEquals(Optional.empty(), SubprotocolSelector.select(List.of("x", "y"), List.of("a")));
        assertEquals(Optional.empty(), SubprotocolSelector.select(List.of(), List.of("a")));
        assertEquals(Optional.empty(), SubprotocolSelector.select(List.of("a"), List.of()));
    }

    @Test
    void matchesExactlyIncludingCase() {
        assertEquals(Optional.empty(), SubprotocolSelector.select(List.of("Chat"), List.of("chat")));
    }
}
