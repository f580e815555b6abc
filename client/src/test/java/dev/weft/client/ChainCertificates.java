package dev.weft.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A test CA and a server certificate it signs, for {@code localhost} and {@code 127.0.0.1}, valid
 * over a window the test chooses (in the past, for an expired certificate), made in-process with
 * P-256 keys and just enough DER (X.690, RFC 5280 §4.1): no keytool run, so it takes milliseconds.
 * A self-signed certificate cannot show expiry, since the JDK takes a trusted certificate as it is;
 * a chain must be validated, and its leaf's dates are checked then.
 */
final class ChainCertificates {

    final SSLContext serverContext;
    final Path caPem;

    ChainCertificates(Path dir, Instant notBefore, Instant notAfter) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ca = generator.generateKeyPair();
        KeyPair server = generator.generateKeyPair();
        Instant now = Instant.now();
        byte[] caName = name("Weft Test CA");
        X509Certificate caCert = sign(tbs(1, caName, caName, now.minusSeconds(86_400 * 30), now.plusSeconds(86_400 * 30),
                ca.getPublic().getEncoded(), caExtensions()), ca.getPrivate());
        X509Certificate leaf = sign(tbs(2, caName, name("localhost"), notBefore, notAfter,
                server.getPublic().getEncoded(), serverExtensions()), ca.getPrivate());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", server.getPrivate(), "changeit".toCharArray(), new Certificate[] {leaf, caCert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        caPem = dir.resolve("chain-ca-" + notAfter.getEpochSecond() + ".pem");
        Files.writeString(caPem, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(caCert.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
    }

    // ---------------------------------------------------------------- RFC 5280 §4.1

    private static final byte[] ECDSA_WITH_SHA256 = seq(oid(1, 2, 840, 10045, 4, 3, 2));

    private static byte[] tbs(long serial, byte[] issuer, byte[] subject, Instant notBefore, Instant notAfter,
                              byte[] publicKeyInfo, byte[] extensions) {
        return seq(tlv(0xa0, integer(BigInteger.TWO)), integer(BigInteger.valueOf(serial)), ECDSA_WITH_SHA256, issuer,
                seq(time(notBefore), time(notAfter)), subject, publicKeyInfo, tlv(0xa3, seq(extensions)));
    }

    private static X509Certificate sign(byte[] tbs, PrivateKey key) throws Exception {
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(tbs);
        byte[] signature = signer.sign();
        byte[] bits = new byte[signature.length + 1]; // no unused bits
        System.arraycopy(signature, 0, bits, 1, signature.length);
        byte[] der = seq(tbs, ECDSA_WITH_SHA256, tlv(0x03, bits));
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    private static byte[] caExtensions() {
        // basicConstraints (critical) cA TRUE; keyUsage (critical) keyCertSign.
        return concat(seq(oid(2, 5, 29, 19), tlv(0x01, new byte[] {(byte) 0xff}), tlv(0x04, seq(tlv(0x01, new byte[] {(byte) 0xff})))),
                seq(oid(2, 5, 29, 15), tlv(0x01, new byte[] {(byte) 0xff}), tlv(0x04, tlv(0x03, new byte[] {2, 0x04}))));
    }

    private static byte[] serverExtensions() {
        // subjectAltName: dNSName localhost, iPAddress 127.0.0.1; extKeyUsage serverAuth.
        byte[] san = seq(tlv(0x82, "localhost".getBytes(StandardCharsets.US_ASCII)), tlv(0x87, new byte[] {127, 0, 0, 1}));
        return concat(seq(oid(2, 5, 29, 17), tlv(0x04, san)),
                seq(oid(2, 5, 29, 37), tlv(0x04, seq(oid(1, 3, 6, 1, 5, 5, 7, 3, 1)))));
    }

    private static byte[] name(String commonName) {
        return seq(tlv(0x31, seq(oid(2, 5, 4, 3), tlv(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
    }

    private static byte[] time(Instant t) {
        // UTCTime for 1950 to 2049 (RFC 5280 §4.1.2.5.1).
        String text = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC).format(t);
        return tlv(0x17, text.getBytes(StandardCharsets.US_ASCII));
    }

    // ---------------------------------------------------------------- X.690

    private static byte[] integer(BigInteger v) {
        return tlv(0x02, v.toByteArray());
    }

    private static byte[] oid(int... arcs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(arcs[0] * 40 + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            int v = arcs[i];
            int groups = 1;
            for (int x = v >>> 7; x != 0; x >>>= 7) {
                groups++;
            }
            for (int g = groups - 1; g >= 0; g--) {
                out.write(((v >>> (7 * g)) & 0x7f) | (g == 0 ? 0 : 0x80));
            }
        }
        return tlv(0x06, out.toByteArray());
    }

    private static byte[] seq(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 4);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >>> 8);
            out.write(n & 0xff);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
