package dev.weft.codec.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate made for the test by the JDK's own {@code keytool} (RSA 2048, PKCS12),
 * and the TLS contexts built from it: the server's, holding the key, and a client's that trusts
 * exactly this certificate.
 */
public final class Certificates {

    private static final char[] PASSWORD = "weft-test".toCharArray();

    private final KeyStore keyStore;

    private Certificates(KeyStore keyStore) {
        this.keyStore = keyStore;
    }

    /**
     * Runs {@code keytool -genkeypair} into {@code directory}.
     *
     * @param directory  a temporary directory
     * @param commonName the subject's CN
     * @param san        the subjectAltName extension, such as {@code dns:localhost,ip:127.0.0.1}
     * @return the certificate and its key
     */
    public static Certificates generate(Path directory, String commonName, String san) throws IOException, GeneralSecurityException {
        Path store = directory.resolve(commonName + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-alias", "weft", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=" + commonName, "-ext", "SAN=" + san,
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(PASSWORD),
                "-keypass", new String(PASSWORD), "-noprompt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("keytool did not finish in 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for keytool", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool failed (" + process.exitValue() + "): " + output);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD);
        }
        return new Certificates(ks);
    }

    /** The server's context: the key and certificate. */
    public SSLContext serverContext() throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    /** A client's context that trusts this certificate and nothing else. */
    public SSLContext clientContext() throws GeneralSecurityException, IOException {
        Certificate certificate = keyStore.getCertificate("weft");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("weft", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
