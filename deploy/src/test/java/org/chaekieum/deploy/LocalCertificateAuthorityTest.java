package org.chaekieum.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCertificateAuthorityTest {

    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");

    @Test
    void makesACaThatCanSignAndKeepsItsKeyToItsOwner(@TempDir Path root) throws Exception {
        Path dir = root.resolve("ca");
        LocalCertificateAuthority ca = LocalCertificateAuthority.create(dir);

        X509Certificate caCertificate = certificates(ca.caCertificate()).get(0);
        assertThat(caCertificate.getBasicConstraints()).as("a CA certificate").isGreaterThanOrEqualTo(0);
        assertThat(caCertificate.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(caCertificate.getSubjectX500Principal()).isEqualTo(caCertificate.getIssuerX500Principal());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void isReusedFromItsDirectory(@TempDir Path root) throws Exception {
        LocalCertificateAuthority first = LocalCertificateAuthority.create(root.resolve("ca"));
        byte[] before = Files.readAllBytes(first.caCertificate());

        LocalCertificateAuthority again = LocalCertificateAuthority.create(root.resolve("ca"));
        LocalCertificateAuthority.IssuedCertificate issued = again.issueServerCertificate("kafka", "127.0.0.1");

        assertThat(Files.readAllBytes(again.caCertificate())).isEqualTo(before);
        List<X509Certificate> chain = certificates(issued.certificate());
        chain.get(0).verify(certificates(first.caCertificate()).get(0).getPublicKey());
    }

    @Test
    void refusesAHalfCa(@TempDir Path root) throws Exception {
        LocalCertificateAuthority.create(root.resolve("ca"));
        Files.delete(root.resolve("ca").resolve("ca.key"));

        assertThatThrownBy(() -> LocalCertificateAuthority.create(root.resolve("ca")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("incomplete");
    }

    @Test
    void issuesServerCertificatesThatAClientCheckingHostnamesAccepts(@TempDir Path root) throws Exception {
        LocalCertificateAuthority ca = LocalCertificateAuthority.create(root.resolve("ca"));
        LocalCertificateAuthority.IssuedCertificate server = ca.issueServerCertificate("broker", "127.0.0.1", "localhost");
        LocalCertificateAuthority.IssuedCertificate other = ca.issueServerCertificate("other", "127.0.0.1");

        X509Certificate leaf = certificates(server.certificate()).get(0);
        assertThat(leaf.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(leaf.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))).toList())
                .containsExactly("127.0.0.1", "localhost");
        assertThat(leaf.getSerialNumber()).isNotEqualTo(certificates(other.certificate()).get(0).getSerialNumber());
        for (Path secret : List.of(server.privateKey(), server.keyAndCertificate())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        }

        assertThat(handshake(server, ca.caCertificate(), "127.0.0.1")).isEqualTo("hello");
        assertThat(handshake(server, ca.caCertificate(), "localhost")).isEqualTo("hello");
        LocalCertificateAuthority stranger = LocalCertificateAuthority.create(root.resolve("another-ca"));
        assertThatThrownBy(() -> handshake(server, stranger.caCertificate(), "127.0.0.1"))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void writesAJavaTrustStoreThatAJvmReadsWithoutAPassword(@TempDir Path root) throws Exception {
        LocalCertificateAuthority ca = LocalCertificateAuthority.create(root.resolve("ca"));
        LocalCertificateAuthority.IssuedCertificate server = ca.issueServerCertificate("hub", "127.0.0.1");

        Path file = ca.javaTrustStore();

        // As the JVM reads -Djavax.net.ssl.trustStore when no trustStorePassword is set: no password, type JKS.
        KeyStore store = KeyStore.getInstance("JKS");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, null);
        }
        assertThat(Collections.list(store.aliases())).hasSize(1);
        assertThat(store.getCertificate(store.aliases().nextElement())).isEqualTo(certificates(ca.caCertificate()).get(0));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        ((X509TrustManager) trust.getTrustManagers()[0]).checkServerTrusted(
                certificates(server.certificate()).toArray(X509Certificate[]::new), "ECDHE_ECDSA");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    /** A TLS server with the issued key and certificates, a client that trusts only {@code trusted}; what it reads. */
    private static String handshake(LocalCertificateAuthority.IssuedCertificate server, Path trusted, String host)
            throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                        blocks(server.keyAndCertificate(), "PRIVATE KEY").get(0))), new char[0],
                certificates(server.keyAndCertificate()).toArray(Certificate[]::new));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keyManagers.getKeyManagers(), null, null);

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", certificates(trusted).get(0));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, trustManagers.getTrustManagers(), null);

        try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept(); OutputStream out = accepted.getOutputStream()) {
                    out.write("hello".getBytes());
                } catch (Exception e) {
                    // the client refused the certificate
                }
            });
            try (SSLSocket client = (SSLSocket) clientContext.getSocketFactory().createSocket(host, listener.getLocalPort())) {
                SSLParameters parameters = client.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                client.setSSLParameters(parameters);
                client.setSoTimeout(10_000);
                InputStream in = client.getInputStream();
                return new String(in.readNBytes(5));
            } finally {
                served.get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static List<X509Certificate> certificates(Path file) throws Exception {
        List<X509Certificate> certificates = new ArrayList<>();
        for (byte[] der : blocks(file, "CERTIFICATE")) {
            certificates.add((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der)));
        }
        return certificates;
    }

    private static List<byte[]> blocks(Path file, String type) throws Exception {
        List<byte[]> blocks = new ArrayList<>();
        Matcher block = PEM.matcher(Files.readString(file));
        while (block.find()) {
            if (block.group(1).equals(type)) {
                blocks.add(Base64.getMimeDecoder().decode(block.group(2)));
            }
        }
        return blocks;
    }
}
