package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Test certificates made with openssl in a directory: a CA, a leaf it signed (chain file: leaf
 * then CA) and self-signed RSA and EC certificates, with their keys in every PEM form the server
 * reads.
 */
final class Certificates {

    final Path dir;

    private Certificates(Path dir) {
        this.dir = dir;
    }

    static Certificates make(Path dir) throws Exception {
        Certificates c = new Certificates(dir);
        String san = "subjectAltName=DNS:localhost,IP:127.0.0.1";
        // Self-signed RSA, key as PKCS#8 ("BEGIN PRIVATE KEY").
        c.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "rsa-pkcs8.key", "-out", "rsa.crt",
                "-days", "2", "-subj", "/CN=localhost", "-addext", san);
        // The same key in the traditional PKCS#1 form ("BEGIN RSA PRIVATE KEY").
        c.openssl("rsa", "-in", "rsa-pkcs8.key", "-traditional", "-out", "rsa-traditional.key");
        // Self-signed EC P-256, PKCS#8, then SEC 1 ("BEGIN EC PRIVATE KEY").
        c.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "ec-pkcs8.key", "-out", "ec.crt", "-days", "2", "-subj", "/CN=localhost", "-addext", san);
        c.openssl("ec", "-in", "ec-pkcs8.key", "-out", "ec-sec1.key");
        // A CA and a P-384 leaf it signs, the leaf's key as ecparam writes it: EC PARAMETERS, then SEC 1.
        c.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                "-days", "2", "-subj", "/CN=Weft Test CA");
        c.openssl("ecparam", "-name", "secp384r1", "-genkey", "-out", "leaf-ecparam.key");
        c.openssl("req", "-new", "-key", "leaf-ecparam.key", "-out", "leaf.csr", "-subj", "/CN=localhost");
        Files.writeString(dir.resolve("leaf.ext"), san + "\n");
        c.openssl("x509", "-req", "-in", "leaf.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "leaf.crt", "-days", "2", "-extfile", "leaf.ext");
        Files.writeString(dir.resolve("chain.crt"),
                Files.readString(dir.resolve("leaf.crt")) + Files.readString(dir.resolve("ca.crt")));
        // An encrypted key, which the server refuses with advice.
        c.openssl("pkcs8", "-topk8", "-in", "rsa-pkcs8.key", "-passout", "pass:secret", "-out", "encrypted.key");
        return c;
    }

    Path path(String name) {
        return dir.resolve(name);
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + "\n" + output);
    }

    /** A client context that trusts the given certificates only. */
    SSLContext trusting(String... certificates) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (String name : certificates) {
            for (X509Certificate cert : PemFiles.readCertificates(path(name))) {
                trust.setCertificateEntry("ca" + i++, cert);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
