package dev.weft.codec.extension.deflate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.extension.Extension;
import dev.weft.codec.extension.ExtensionOffer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** RFC 7692 §5 and §7: offers and responses, on the server and on the client. */
class DeflateNegotiationTest {

    private static List<ExtensionOffer> header(String value) {
        return ExtensionOffer.parse(List.of(value));
    }

    private static String serverAnswers(DeflateConfig config, String offers) {
        Optional<Extension> e = new PerMessageDeflate(config).accept(header(offers));
        return e.map(x -> x.agreed().toHeaderValue()).orElse("declined");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        // Autobahn 13.1: the default offer
        "permessage-deflate | permessage-deflate",
        // Chromium's offer: the client lets the server choose its window; we need not
        "permessage-deflate; client_max_window_bits | permessage-deflate",
        // 13.2 / 13.3 ff.: what the client asks of the server is honoured, every window included
        "permessage-deflate; server_no_context_takeover | permessage-deflate; server_no_context_takeover",
        "permessage-deflate; server_max_window_bits=8 | permessage-deflate; server_max_window_bits=8",
        "permessage-deflate; server_max_window_bits=9 | permessage-deflate; server_max_window_bits=9",
        "permessage-deflate; server_max_window_bits=15 | permessage-deflate; server_max_window_bits=15",
        "permessage-deflate; server_max_window_bits=\"10\" | permessage-deflate; server_max_window_bits=10",
        // the client's hint is echoed, which binds it
        "permessage-deflate; client_no_context_takeover | permessage-deflate; client_no_context_takeover",
        "permessage-deflate; client_max_window_bits=9 | permessage-deflate",
        // several offers: the first acceptable one wins; malformed ones are declined (§7)
        "permessage-deflate; foo=1, permessage-deflate; server_max_window_bits=12 | permessage-deflate; server_max_window_bits=12",
        "permessage-deflate; server_max_window_bits=7, permessage-deflate | permessage-deflate",
        "permessage-deflate; server_max_window_bits=16 | declined",
        "permessage-deflate; server_max_window_bits | declined",
        "permessage-deflate; server_max_window_bits=abc | declined",
        "permessage-deflate; server_max_window_bits=09 | declined",
        "permessage-deflate; client_max_window_bits=0 | declined",
        "permessage-deflate; server_no_context_takeover=1 | declined",
        "permessage-deflate; client_no_context_takeover=yes | declined",
        "permessage-deflate; x-unknown | declined",
        "permessage-deflate; server_no_context_takeover; server_no_context_takeover | declined",
        "permessage-deflate; server_max_window_bits=10; server_max_window_bits=10, permessage-deflate | permessage-deflate",
    })
    void theServerAnswersEachOffer(String offers, String answer) {
        assertEquals(answer, serverAnswers(DeflateConfig.defaults(), offers));
    }

    @Test
    void aServerThatWantsLessSaysSo() {
        DeflateConfig small = DeflateConfig.defaults().withMaxWindowBits(10, 11).withNoContextTakeover(true);
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10; client_max_window_bits=11",
                serverAnswers(small, "permessage-deflate; client_max_window_bits"));
        // client_max_window_bits only when the client allowed it, and no more than it offered (§7.1.2.2)
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10",
                serverAnswers(small, "permessage-deflate"));
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9; client_max_window_bits=9",
                serverAnswers(small, "permessage-deflate; server_max_window_bits=9; client_max_window_bits=9"));
    }

    @Test
    void theClientOffersWhatItsConfigurationAsksAndAPlainFallback() {
        assertEquals(List.of("permessage-deflate; client_max_window_bits"),
                PerMessageDeflate.withDefaults().offers().stream().map(ExtensionOffer::toHeaderValue).toList());
        DeflateConfig asks = DeflateConfig.defaults().withMaxWindowBits(9, 10).withContextTakeover(false, true);
        assertEquals(List.of("permessage-deflate; server_no_context_takeover; server_max_window_bits=9; client_max_window_bits=10",
                        "permessage-deflate; client_max_window_bits=10"),
                new PerMessageDeflate(asks).offers().stream().map(ExtensionOffer::toHeaderValue).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "permessage-deflate",
        "permessage-deflate; server_no_context_takeover",
        "permessage-deflate; client_no_context_takeover",
        "permessage-deflate; server_max_window_bits=8",
        "permessage-deflate; client_max_window_bits=8",
        "permessage-deflate; client_max_window_bits=15; server_max_window_bits=15",
    })
    void theClientAcceptsAnswersItsOfferAllows(String answer) {
        Extension e = PerMessageDeflate.withDefaults().accepted(header(answer).get(0));
        assertEquals(answer, e.agreed().toHeaderValue());
        e.release();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "permessage-deflate; client_max_window_bits | client_max_window_bits needs a value",
        "permessage-deflate; client_max_window_bits=16 | client_max_window_bits must be from 8 to 15",
        "permessage-deflate; x=1 | unknown parameter x",
        "permessage-deflate; server_no_context_takeover=1 | server_no_context_takeover takes no value",
        "permessage-deflate; client_max_window_bits=9; client_max_window_bits=9 | client_max_window_bits given twice",
    })
    void theClientRefusesMalformedAnswers(String answer, String reason) {
        var e = assertThrows(IllegalArgumentException.class,
                () -> PerMessageDeflate.withDefaults().accepted(header(answer).get(0)));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void theClientRefusesAnswersThatBreakItsOffer() {
        PerMessageDeflate asks = new PerMessageDeflate(DeflateConfig.defaults().withMaxWindowBits(10, 12));
        // No offer allows a larger server window than asked, nor a larger client window than offered.
        // The fallback offer asked nothing of the server's window, so the server may name its own.
        asks.accepted(header("permessage-deflate; server_max_window_bits=11").get(0)).release();
        var e = assertThrows(IllegalArgumentException.class,
                () -> asks.accepted(header("permessage-deflate; client_max_window_bits=13").get(0)));
        assertTrue(e.getMessage().contains("client_max_window_bits=13 is larger than the 12 offered"), e.getMessage());
        // The plain fallback offer lets the server ignore the window request.
        asks.accepted(header("permessage-deflate").get(0)).release();
        // A server may take the fallback, which asked nothing of it, and still pick our window.
        Extension e2 = asks.accepted(header("permessage-deflate; client_max_window_bits=9").get(0));
        assertEquals("permessage-deflate; client_max_window_bits=9", e2.agreed().toHeaderValue());
        e2.release();
    }
}
