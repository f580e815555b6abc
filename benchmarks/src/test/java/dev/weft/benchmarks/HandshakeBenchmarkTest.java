package dev.weft.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.handshake.HandshakeResult;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakeException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6455 §4.2.2: for each kind of work {@link HandshakeBenchmark} compares, both subjects must
 * accept its request and answer with equivalent {@code 101}s carrying the right
 * {@code Sec-WebSocket-Accept}, keep doing so when the benchmark repeats the call on the same
 * parser and handlers, and both must refuse a request without a key.
 */
class HandshakeBenchmarkTest {

    /** {@link HandshakeBenchmark#REQUEST} without its {@code Sec-WebSocket-Key} field. */
    private static final byte[] KEYLESS = new String(HandshakeBenchmark.REQUEST, StandardCharsets.US_ASCII)
            .replace("Sec-WebSocket-Key: " + HandshakeBenchmark.KEY + "\r\n", "")
            .getBytes(StandardCharsets.US_ASCII);

    private final HandshakeBenchmark benchmark = new HandshakeBenchmark();
    private final RecordingSink sink = new RecordingSink();
    private boolean set;

    private void setUp(String work, byte[] request) throws Exception {
        benchmark.work = work;
        benchmark.request = request;
        benchmark.setUp(sink);
        set = true;
    }

    @AfterEach
    void tearDown() {
        if (set) {
            benchmark.tearDown();
        }
    }

    @Test
    void theRequestCarriesTheRfcKeyAndTheExpectedAcceptMatchesIt() throws NoSuchAlgorithmException {
        String request = new String(HandshakeBenchmark.REQUEST, StandardCharsets.US_ASCII);
        assertEquals(HandshakeBenchmark.KEY, header(request, "Sec-WebSocket-Key"));
        // §1.3: base64 of the SHA-1 of the key followed by the GUID.
        byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(
                (HandshakeBenchmark.KEY + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Base64.getEncoder().encodeToString(sha1));
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", HandshakeBenchmark.ACCEPT);
        assertFalse(new String(KEYLESS, StandardCharsets.US_ASCII).contains("Sec-WebSocket-Key"));
    }

    @ParameterizedTest
    @ValueSource(strings = {HandshakeBenchmark.PARSE_AND_ANSWER, HandshakeBenchmark.ANSWER_PARSED})
    void bothAnswerTheSameRequestWithEquivalent101sEveryTime(String work) throws Exception {
        setUp(work, HandshakeBenchmark.REQUEST);
        for (int i = 0; i < 3; i++) {
            benchmark.weft();
            Map<String, String> weft = switchingProtocols(drain());
            benchmark.netty();
            Map<String, String> netty = switchingProtocols(drain());
            // Equivalent: the same fields with the same values (names and tokens ignoring case);
            // neither names a subprotocol or an extension.
            assertEquals(weft, netty);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {HandshakeBenchmark.PARSE_AND_ANSWER, HandshakeBenchmark.ANSWER_PARSED})
    void bothRefuseARequestWithoutAKey(String work) throws Exception {
        setUp(work, KEYLESS);
        HandshakeResult.Rejected weft = assertInstanceOf(HandshakeResult.Rejected.class, benchmark.weftDecide());
        assertEquals(400, weft.response().status());
        assertThrows(IllegalStateException.class, benchmark::weft);
        WebSocketServerHandshakeException netty = assertThrows(WebSocketServerHandshakeException.class, benchmark::nettyDecide);
        assertTrue(netty.getMessage().contains("missing key"), netty.getMessage());
        assertThrows(WebSocketServerHandshakeException.class, benchmark::netty);
        assertEquals("", drain(), "nothing was answered");
    }

    @Test
    void anUnknownWorkIsRefused() {
        benchmark.work = "parse";
        assertThrows(IllegalArgumentException.class, () -> benchmark.setUp(sink));
    }

    private String drain() {
        return new String(sink.drain(), StandardCharsets.ISO_8859_1);
    }

    /** Checks a complete 101 with the RFC's accept value; returns its fields, names lower-cased. */
    private static Map<String, String> switchingProtocols(String response) {
        assertTrue(response.startsWith("HTTP/1.1 101 "), response);
        assertTrue(response.endsWith("\r\n\r\n"), response);
        assertEquals(HandshakeBenchmark.ACCEPT, header(response, "Sec-WebSocket-Accept"), response);
        Map<String, String> fields = new LinkedHashMap<>();
        String[] lines = response.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            assertTrue(colon > 0, response);
            String name = lines[i].substring(0, colon).toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).strip();
            fields.put(name, name.equals("sec-websocket-accept") ? value : value.toLowerCase(Locale.ROOT));
        }
        assertEquals("websocket", fields.get("upgrade"), response);
        assertEquals("upgrade", fields.get("connection"), response);
        return fields;
    }

    /** The value of the one field of that name in a message head, names compared ignoring case. */
    private static String header(String head, String name) {
        String found = null;
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                assertNull(found, "two " + name + " fields in\n" + head);
                found = line.substring(colon + 1).strip();
            }
        }
        assertTrue(found != null, "no " + name + " field in\n" + head);
        return found;
    }
}
