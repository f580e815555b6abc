package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * Certificate failures, each named as what it is, from the exception chains the JDK builds for
 * them: expired and not-yet-valid are told apart from untrusted, whose fix is different.
 */
class ClientErrorsTest {

    /** The chain JSSE throws when PKIX validation fails, with {@code root} at its bottom. */
    private static Throwable handshakeFailure(Throwable root) {
        CertPathValidatorException path = new CertPathValidatorException("validity check failed", root);
        SSLHandshakeException jsse = new SSLHandshakeException("PKIX path validation failed: " + path);
        jsse.initCause(new ValidatorFailure(path));
        SSLHandshakeException weft = new SSLHandshakeException("TLS handshake failed: " + jsse.getMessage());
        weft.initCause(jsse);
        return new CompletionException(weft);
    }

    /** Stands for the JDK's internal ValidatorException, which wraps the path failure. */
    private static final class ValidatorFailure extends java.security.cert.CertificateException {
        private static final long serialVersionUID = 1L; // never serialized; the JDK type is Serializable
        ValidatorFailure(Throwable cause) {
            super("PKIX path validation failed: " + cause, cause);
        }
    }

    @Test
    void anExpiredCertificateIsCalledExpired() {
        String line = ClientErrors.describe(handshakeFailure(new CertificateExpiredException("NotAfter: Mon Jan 01 00:00:00 UTC 2024")));
        assertEquals("TLS handshake failed: the server's certificate has expired (NotAfter: Mon Jan 01 00:00:00 UTC 2024)", line);
    }

    @Test
    void aNotYetValidCertificateSaysToCheckTheClock() {
        String line = ClientErrors.describe(handshakeFailure(new CertificateNotYetValidException("NotBefore: Sat Jan 01 00:00:00 UTC 2050")));
        assertTrue(line.startsWith("TLS handshake failed: the server's certificate is not valid yet (NotBefore:"), line);
        assertTrue(line.endsWith("check this machine's clock)"), line);
    }

    @Test
    void anUntrustedCertificateSaysHowToTrustIt() {
        String line = ClientErrors.describe(handshakeFailure(new java.security.cert.CertPathValidatorException(
                "unable to find valid certification path to requested target")));
        assertEquals("TLS handshake failed: the server's certificate is not trusted (pass its CA with -ca)", line);
    }

    @Test
    void aProxysRefusalIsItsOwnMessage() {
        assertEquals("the proxy p:1 answered 403 Forbidden to CONNECT h:25", ClientErrors.describe(
                new CompletionException(new dev.weft.codec.http.ProxyRefusedException(403, "the proxy p:1 answered 403 Forbidden to CONNECT h:25"))));
    }
}
