package dev.weft.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 6455 §4.2.2: both subjects of {@link HandshakeBenchmark} must answer its request with a
 * complete {@code 101} carrying the right {@code Sec-WebSocket-Accept}, and keep doing so when the
 * benchmark repeats the call on the same parser and channel.
 */
class HandshakeBenchmarkTest {

    private final HandshakeBenchmark benchmark = new HandshakeBenchmark();

    @BeforeEach
    void setUp() {
        benchmark.setUp();
    }

    @AfterEach
    void tearDown() {
        benchmark.tearDown();
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
    }

    @Test
    void weftAnswers101WithTheAcceptKeyEveryTime() {
        for (int i = 0; i < 3; i++) {
            ByteBuffer response = benchmark.weft();
            assertSwitchingProtocols(StandardCharsets.ISO_8859_1.decode(response).toString());
        }
    }

    @Test
    void nettyAnswers101WithTheAcceptKeyEveryTime() {
        for (int i = 0; i < 3; i++) {
            ByteBuf response = benchmark.nettyResponse();
            try {
                assertSwitchingProtocols(response.toString(StandardCharsets.ISO_8859_1));
            } finally {
                response.release();
            }
        }
    }

    @Test
    void theNettyBenchmarkReturnsTheSizeOfTheResponse() {
        ByteBuf response = benchmark.nettyResponse();
        int size = response.readableBytes();
        response.release();
        assertEquals(size, benchmark.netty());
    }

    private static void assertSwitchingProtocols(String response) {
        assertTrue(response.startsWith("HTTP/1.1 101 "), response);
        assertTrue(response.endsWith("\r\n\r\n"), response);
        assertEquals(HandshakeBenchmark.ACCEPT, header(response, "Sec-WebSocket-Accept"), response);
        assertEquals("websocket", header(response, "Upgrade").toLowerCase(Locale.ROOT), response);
        assertEquals("upgrade", header(response, "Connection").toLowerCase(Locale.ROOT), response);
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
