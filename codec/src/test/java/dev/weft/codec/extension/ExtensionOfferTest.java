package dev.weft.codec.extension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 6455 §9.1: the grammar of {@code Sec-WebSocket-Extensions}. */
class ExtensionOfferTest {

    @Test
    void parsesNamesParametersAndQuotedValuesAcrossHeaderLines() {
        List<ExtensionOffer> offers = ExtensionOffer.parse(List.of(
                "permessage-deflate; client_max_window_bits, permessage-deflate; server_max_window_bits=10",
                "X-Foo ; Mode = \"a b\\\"c\""));
        Map<String, String> first = new LinkedHashMap<>();
        first.put("client_max_window_bits", null);
        assertEquals(new ExtensionOffer("permessage-deflate", first), offers.get(0));
        assertEquals(new ExtensionOffer("permessage-deflate", Map.of("server_max_window_bits", "10")), offers.get(1));
        assertEquals(new ExtensionOffer("x-foo", Map.of("mode", "a b\"c")), offers.get(2));
        assertEquals(3, offers.size());
    }

    @Test
    void formatsBackToAHeaderValue() {
        ExtensionOffer offer = ExtensionOffer.parse(List.of("x-foo; a=1; b; c=\"two words\"")).get(0);
        assertEquals("x-foo; a=1; b; c=\"two words\"", offer.toHeaderValue());
        assertEquals(List.of(offer), ExtensionOffer.parse(List.of(offer.toHeaderValue())));
    }

    @Test
    void emptyListElementsAreSkipped() {
        assertEquals(List.of(ExtensionOffer.of("a"), ExtensionOffer.of("b")), ExtensionOffer.parse(List.of(" , a ,, b ,")));
    }

    @Test
    void checkingAcceptsWhatParsingAccepts() {
        for (String good : List.of("permessage-deflate; client_max_window_bits", " , a ,, b ,", "x-foo; a=1; b; c=\"two \\\"words\\\"\"",
                "a; p=1; P=2; q", "a,b;c=d")) {
            ExtensionOffer.parse(List.of(good));
            ExtensionOffer.check(List.of(good));
        }
    }

    @Test
    void rejectsWhatTheGrammarForbids() {
        for (String bad : List.of("a;", "a; =1", "a b", "a; p=\"open", "; a", "a; p=(x)")) {
            assertThrows(IllegalArgumentException.class, () -> ExtensionOffer.parse(List.of(bad)), bad);
            assertThrows(IllegalArgumentException.class, () -> ExtensionOffer.check(List.of(bad)), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> ExtensionOffer.of("not a token"));
    }

    /** The grammar allows a parameter twice; the element keeps the first and names the repeat, for its extension to judge. */
    @Test
    void aRepeatedParameterIsKeptForTheExtensionToJudge() {
        ExtensionOffer offer = ExtensionOffer.parse(List.of("a; p=1; P=2; q")).get(0);
        assertEquals("1", offer.parameters().get("p"));
        assertEquals(List.of("p", "q"), List.copyOf(offer.parameters().keySet()));
        assertEquals(java.util.Set.of("p"), offer.repeated());
        assertEquals(java.util.Set.of(), ExtensionOffer.parse(List.of("a; p=1; q")).get(0).repeated());
    }
}
