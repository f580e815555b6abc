package dev.weft.server;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a certificate chain is valid now, by its dates: a server that starts with an expired
 * (or not yet valid) certificate serves every TLS client an error they cannot fix, so it says so
 * at start, once, instead of leaving the operator to find out from the clients.
 */
final class CertificateValidity {

    private static final System.Logger LOG = System.getLogger("dev.weft.server");

    private CertificateValidity() {
    }

    /**
     * Returns what is wrong with the chain's dates at {@code now}, one line per certificate.
     *
     * @param chain the chain, the server's own certificate first
     * @param now   the time to check at
     * @return the problems; empty if every certificate is within its validity period
     */
    static List<String> problems(List<X509Certificate> chain, Instant now) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            String which = (i == 0 ? "the certificate " : "chain certificate " + (i + 1) + " ")
                    + c.getSubjectX500Principal().getName();
            if (now.isAfter(c.getNotAfter().toInstant())) {
                problems.add(which + " expired on " + c.getNotAfter().toInstant());
            } else if (now.isBefore(c.getNotBefore().toInstant())) {
                problems.add(which + " is not valid until " + c.getNotBefore().toInstant());
            }
        }
        return problems;
    }

    /** Logs each problem of the chain's dates as a warning; TLS clients will refuse it. */
    static void warn(List<X509Certificate> chain, Object source) {
        for (String problem : problems(chain, Instant.now())) {
            LOG.log(System.Logger.Level.WARNING, source + ": " + problem + "; TLS clients will refuse it");
        }
    }
}
