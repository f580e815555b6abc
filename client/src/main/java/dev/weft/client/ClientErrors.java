package dev.weft.client;

import dev.weft.codec.handshake.HandshakeException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;

/** Turns a connect failure into the one line a user can act on. */
public final class ClientErrors {
    private ClientErrors() {
    }

    /**
     * Describes why a connection failed, in words a user can act on: connection refused, name not
     * resolved, timed out, certificate expired, not yet valid, not trusted or for another name,
     * handshake refused, proxy refused.
     *
     * @param failure the exception from a connect
     * @return one line, without a stack trace
     */
    public static String describe(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof SSLException ssl) {
            return describeTls(ssl);
        }
        if (t instanceof HandshakeException || t instanceof ConnectException || t instanceof UnknownHostException
                || t instanceof SocketTimeoutException) {
            return t.getMessage();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static String describeTls(SSLException e) {
        // Time first: an expired certificate also fails the path check, and "not trusted" would
        // send the user after the wrong fix.
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof CertificateExpiredException expired) {
                return "TLS handshake failed: the server's certificate has expired (" + expired.getMessage() + ")";
            }
            if (c instanceof CertificateNotYetValidException early) {
                return "TLS handshake failed: the server's certificate is not valid yet (" + early.getMessage()
                        + "; check this machine's clock)";
            }
        }
        String all = chain(e);
        if (all.contains("No subject alternative") || all.contains("No name matching")) {
            return "TLS handshake failed: the server's certificate is not for this host (" + rootMessage(e) + ")";
        }
        if (all.contains("PKIX") || all.contains("unable to find valid certification path")) {
            return "TLS handshake failed: the server's certificate is not trusted (pass its CA with -ca)";
        }
        return e.getMessage().startsWith("TLS handshake failed") ? e.getMessage() : "TLS handshake failed: " + e.getMessage();
    }

    private static String chain(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
