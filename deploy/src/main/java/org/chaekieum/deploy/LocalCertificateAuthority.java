package org.chaekieum.deploy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * The local run's certificate authority: a CA certificate and key made the first time, in a directory of their own,
 * and reused on every later start; it signs the TLS certificates of the local servers (the Kafka broker, Keycloak and the
 * HTTP services), whose clients trust {@link #caCertificate()} only. Keys are EC P-256, certificates X.509 v3 in PEM;
 * every file is readable by its owner only (0600), the directory too (0700).
 *
 * <p>For the local run and the tests only: the CA key sits on the disk next to what it signs. In production the
 * certificates come from the organisation's CA (or the cluster's, e.g. cert-manager or Strimzi's cluster CA).
 *
 * <p>Built on BouncyCastle rather than smallrye-certificate-generator 0.9.2: that library's self-signed certificate is
 * no CA ({@code CA:FALSE}, no {@code keyCertSign}; OpenSSL refuses a chain to it) and it gives every certificate it
 * signs the serial number 2.
 */
public final class LocalCertificateAuthority {

    /** File name of the CA certificate in the CA's directory. */
    public static final String CA_CERTIFICATE = "ca.crt";
    /** File name of the CA certificate as a Java trust store ({@link #javaTrustStore()}). */
    public static final String JAVA_TRUST_STORE = "truststore.jks";
    private static final String CA_KEY = "ca.key";
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final Duration CA_VALIDITY = Duration.ofDays(5 * 365);
    private static final Duration SERVER_VALIDITY = Duration.ofDays(365);
    /** Certificates start an hour early, so that a clock a little behind does not refuse them. */
    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern PEM_BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final X509Certificate certificate;
    private final PrivateKey key;

    /** A certificate and its key as files: {@code certificate} holds the certificate then the CA's. */
    public record IssuedCertificate(Path certificate, Path privateKey, Path keyAndCertificate) {
    }

    private LocalCertificateAuthority(Path dir, X509Certificate certificate, PrivateKey key) {
        this.dir = dir;
        this.certificate = certificate;
        this.key = key;
    }

    /**
     * The CA of {@code dir}: the one made there before (its {@value #CA_CERTIFICATE} and key), or a new one, made now.
     */
    public static synchronized LocalCertificateAuthority create(Path dir) {
        Path home = PrivateFiles.directory(dir.toAbsolutePath());
        Path certificateFile = home.resolve(CA_CERTIFICATE);
        Path keyFile = home.resolve(CA_KEY);
        boolean hasCertificate = Files.exists(certificateFile);
        if (hasCertificate != Files.exists(keyFile)) {
            throw new IllegalStateException("the local CA in " + home + " is incomplete (" + CA_CERTIFICATE + " and "
                    + CA_KEY + " go together): delete the directory to make a new CA");
        }
        try {
            if (hasCertificate) {
                return new LocalCertificateAuthority(home, readCertificate(certificateFile), readKey(keyFile));
            }
            KeyPair keys = newKeyPair();
            X500Name name = name("Chaekieum local CA " + Long.toHexString(RANDOM.nextLong() >>> 1));
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serialNumber(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), name, keys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate ca = sign(builder, keys.getPrivate());
            PrivateFiles.write(keyFile, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
            PrivateFiles.write(certificateFile, pem("CERTIFICATE", ca.getEncoded()));
            return new LocalCertificateAuthority(home, ca, keys.getPrivate());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not make or read the local CA in " + home, e);
        }
    }

    /** The CA certificate (PEM): what a client trusts. */
    public Path caCertificate() {
        return dir.resolve(CA_CERTIFICATE);
    }

    /** The CA certificate itself. */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * The CA certificate as a Java trust store file ({@value #JAVA_TRUST_STORE}, JKS, which Java reads without a
     * password: it holds no secret, only the public CA certificate), written now, for a JVM's default trust
     * ({@code -Djavax.net.ssl.trustStore}): the services' clients that take no TLS configuration of their own.
     */
    public Path javaTrustStore() {
        Path file = dir.resolve(JAVA_TRUST_STORE);
        try {
            KeyStore store = KeyStore.getInstance("JKS");
            store.load(null, null);
            store.setCertificateEntry("local-ca", certificate);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            store.store(bytes, "changeit".toCharArray());
            PrivateFiles.write(file, bytes.toByteArray());
            return file;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not write " + file, e);
        }
    }

    /** The CA's directory. */
    public Path directory() {
        return dir;
    }

    /**
     * Issues a new TLS server certificate for {@code hostnames} (DNS names or IP literals, each a subject alternative
     * name; the first is also the common name) with a new key, and writes {@code <name>.crt} (the certificate and the
     * CA's), {@code <name>.key} (PKCS#8, 0600) and {@code <name>.pem} (key and certificates in one file, 0600, for
     * servers that take one file, like Kafka's PEM key store). A certificate issued before under the same name is
     * replaced.
     */
    public synchronized IssuedCertificate issueServerCertificate(String name, String... hostnames) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a certificate file name: " + name);
        }
        if (hostnames.length == 0) {
            throw new IllegalArgumentException("a server certificate needs at least one host name");
        }
        try {
            KeyPair keys = newKeyPair();
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serialNumber(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(SERVER_VALIDITY)), name(hostnames[0]),
                    keys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(List.of(hostnames).stream()
                    .map(host -> new GeneralName(IPAddress.isValid(host) ? GeneralName.iPAddress : GeneralName.dNSName, host))
                    .toArray(GeneralName[]::new)));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(keys.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(certificate));
            X509Certificate issued = sign(builder, key);
            String chain = pem("CERTIFICATE", issued.getEncoded()) + pem("CERTIFICATE", certificate.getEncoded());
            String privateKey = pem("PRIVATE KEY", keys.getPrivate().getEncoded());
            IssuedCertificate files = new IssuedCertificate(dir.resolve(name + ".crt"), dir.resolve(name + ".key"),
                    dir.resolve(name + ".pem"));
            PrivateFiles.write(files.privateKey(), privateKey);
            PrivateFiles.write(files.keyAndCertificate(), privateKey + chain);
            PrivateFiles.write(files.certificate(), chain);
            return files;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not issue a certificate for " + List.of(hostnames), e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    /** A random positive serial number of 127 bits (RFC 5280: at most 20 octets; CA/B: at least 64 random bits). */
    private static BigInteger serialNumber() {
        return new BigInteger(127, RANDOM).setBit(126);
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Chaekieum local run")
                .addRDN(BCStyle.CN, commonName).build();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder(SIGNATURE).build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        Base64.Encoder encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        return "-----BEGIN " + type + "-----\n" + encoder.encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static byte[] pemBlock(Path file, String type) throws IOException {
        Matcher block = PEM_BLOCK.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        while (block.find()) {
            if (block.group(1).equals(type)) {
                return Base64.getMimeDecoder().decode(block.group(2));
            }
        }
        throw new IOException(file + " holds no " + type);
    }

    private static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pemBlock(file, "CERTIFICATE")));
    }

    private static PrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pemBlock(file, "PRIVATE KEY")));
    }
}
