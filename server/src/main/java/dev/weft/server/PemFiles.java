package dev.weft.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Makes a server's TLS context from PEM files, the form certificate authorities and
 * {@code openssl} hand out.
 *
 * <p>The certificate file holds the chain, the server's own certificate first. The key file holds
 * an unencrypted private key in any of the usual forms: PKCS#8 ({@code BEGIN PRIVATE KEY}; RSA,
 * EC or EdDSA), traditional RSA ({@code BEGIN RSA PRIVATE KEY}, PKCS#1) or traditional EC
 * ({@code BEGIN EC PRIVATE KEY}, SEC 1). The JDK reads only PKCS#8, so the traditional forms are
 * wrapped in a PKCS#8 structure here first, with a few lines of DER.
 *
 * <p>Every failure is an {@link IOException} whose message is one line naming the file and what
 * is wrong with it, fit to show a user as it is.
 */
public final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final long MAX_FILE_SIZE = 1024 * 1024;

    /** rsaEncryption, 1.2.840.113549.1.1.1 (RFC 8017 appendix C). */
    private static final byte[] OID_RSA = {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x01};
    /** id-ecPublicKey, 1.2.840.10045.2.1 (RFC 5480 §2.1.1). */
    private static final byte[] OID_EC = {0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};
    private static final byte[] DER_NULL = {0x05, 0x00};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    private PemFiles() {
    }

    /**
     * Makes a TLS context (TLS 1.2 and 1.3; the transport enables those) that presents the
     * given certificate chain and key.
     *
     * @param certificateChain the PEM certificate chain, the server's certificate first
     * @param privateKey       the PEM private key of that certificate
     * @return the server's TLS context (a certificate out of its validity dates is logged as a
     *         warning, since clients will refuse it, but still used)
     * @throws IOException if a file cannot be read, holds nothing usable, or the key does not
     *                     belong to the certificate; the message says which, in one line
     */
    public static SSLContext serverContext(Path certificateChain, Path privateKey) throws IOException {
        List<X509Certificate> chain = readCertificates(certificateChain);
        PrivateKey key = readPrivateKey(privateKey);
        if (!matches(key, chain.get(0).getPublicKey())) {
            throw new IOException("the private key in " + privateKey + " does not belong to the certificate in "
                    + certificateChain);
        }
        CertificateValidity.warn(chain, certificateChain);
        try {
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("weft", key, password, chain.toArray(new Certificate[0]));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use " + certificateChain + " and " + privateKey + " for TLS: " + e.getMessage(), e);
        }
    }

    /**
     * Reads every certificate of a PEM file, in order.
     *
     * @param file the file
     * @return the certificates, at least one
     * @throws IOException if the file cannot be read or holds no valid certificate
     */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IOException("this JDK cannot read X.509 certificates: " + e.getMessage(), e);
        }
        for (Block block : blocks(file)) {
            if (!block.label().equals("CERTIFICATE")) {
                continue;
            }
            try {
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            } catch (CertificateException e) {
                throw new IOException(file + ": certificate " + (chain.size() + 1) + " is not a valid X.509 certificate", e);
            }
        }
        if (chain.isEmpty()) {
            throw new IOException(file + " holds no certificate (expected -----BEGIN CERTIFICATE-----)");
        }
        return chain;
    }

    /**
     * Reads the private key of a PEM file.
     *
     * @param file the file
     * @return the key
     * @throws IOException if the file cannot be read, holds no private key, or holds an encrypted
     *                     one
     */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        for (Block block : blocks(file)) {
            switch (block.label()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(file, block.der(), "RSA", "EC", "EdDSA", "RSASSA-PSS");
                }
                case "RSA PRIVATE KEY" -> {
                    if (block.encrypted()) {
                        throw encrypted(file);
                    }
                    return pkcs8(file, wrapPkcs1(file, block.der()), "RSA");
                }
                case "EC PRIVATE KEY" -> {
                    if (block.encrypted()) {
                        throw encrypted(file);
                    }
                    return pkcs8(file, wrapSec1(file, block.der()), "EC");
                }
                case "ENCRYPTED PRIVATE KEY" -> throw encrypted(file);
                default -> {
                    // EC PARAMETERS, certificates and the like: not the key
                }
            }
        }
        throw new IOException(file + " holds no private key (expected -----BEGIN PRIVATE KEY-----, "
                + "-----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----)");
    }

    private static IOException encrypted(Path file) {
        return new IOException(file + " holds an encrypted private key; decrypt it first, e.g. with "
                + "'openssl pkey -in " + file + " -out key.pem'");
    }

    private static PrivateKey pkcs8(Path file, byte[] der, String... algorithms) throws IOException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : algorithms) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException | RuntimeException e) {
                // try the next kind
            }
        }
        throw new IOException(file + ": the private key is malformed or of an unsupported kind (RSA, EC and EdDSA are read)");
    }

    /**
     * Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (RFC 5208 §5): version 0, the
     * rsaEncryption algorithm with NULL parameters, and the PKCS#1 bytes as an OCTET STRING.
     */
    static byte[] wrapPkcs1(Path file, byte[] pkcs1) throws IOException {
        Der.Reader key = new Der.Reader(pkcs1, file + ": the RSA private key is not valid DER");
        key.expect(Der.SEQUENCE);
        return Der.sequence(VERSION_0, Der.sequence(OID_RSA, DER_NULL), Der.tlv(Der.OCTET_STRING, pkcs1));
    }

    /**
     * Wraps a SEC 1 ECPrivateKey (RFC 5915 §3) in a PKCS#8 PrivateKeyInfo: the algorithm is
     * id-ecPublicKey with the named curve taken from the key's own {@code [0] parameters}.
     */
    static byte[] wrapSec1(Path file, byte[] sec1) throws IOException {
        String malformed = file + ": the EC private key is not valid SEC 1 DER";
        Der.Reader outer = new Der.Reader(sec1, malformed);
        Der.Reader fields = new Der.Reader(outer.expect(Der.SEQUENCE), malformed);
        fields.expect(Der.INTEGER);       // version 1
        fields.expect(Der.OCTET_STRING);  // the private key
        byte[] curve = null;
        while (fields.hasMore()) {
            int tag = fields.peekTag();
            byte[] content = fields.expect(tag);
            if (tag == 0xA0) {
                Der.Reader parameters = new Der.Reader(content, malformed);
                if (parameters.peekTag() != Der.OBJECT_IDENTIFIER) {
                    throw new IOException(file + ": the EC key's curve is given by explicit parameters; only named curves are read");
                }
                curve = Der.tlv(Der.OBJECT_IDENTIFIER, parameters.expect(Der.OBJECT_IDENTIFIER));
            }
        }
        if (curve == null) {
            throw new IOException(file + ": the EC private key does not name its curve");
        }
        return Der.sequence(VERSION_0, Der.sequence(OID_EC, curve), Der.tlv(Der.OCTET_STRING, sec1));
    }

    /** Whether a private key belongs to a public key: same RSA modulus, or a signature that verifies. */
    private static boolean matches(PrivateKey key, PublicKey certificateKey) {
        if (key instanceof RSAKey rsa) {
            return certificateKey instanceof RSAKey pub && rsa.getModulus().equals(pub.getModulus());
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null;
        };
        if (algorithm == null) {
            return true; // no way to check here; the TLS handshake will tell
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificateKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private record Block(String label, byte[] der, boolean encrypted) {
    }

    private static List<Block> blocks(Path file) throws IOException {
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw new IOException("cannot read " + file + ": it is a directory");
            }
            if (Files.size(file) > MAX_FILE_SIZE) {
                throw new IOException("cannot read " + file + ": too large for a PEM file");
            }
            text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new IOException("cannot read " + file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot read " + file + ": permission denied", e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String body = m.group(2);
            // RFC 1421 headers such as "Proc-Type: 4,ENCRYPTED" precede the base64 of legacy
            // encrypted keys, separated from it by an empty line.
            boolean encrypted = body.contains("Proc-Type:") && body.contains("ENCRYPTED");
            if (encrypted) {
                blocks.add(new Block(m.group(1), new byte[0], true));
                continue;
            }
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(body.strip()), false));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": the " + m.group(1) + " block is not valid base64", e);
            }
        }
        if (blocks.isEmpty()) {
            throw new IOException(file + " is not a PEM file (no -----BEGIN ...----- block)");
        }
        return blocks;
    }
}
