package org.chaekieum.deploy;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * What the launcher and the tests trust when they call the local run's HTTPS services and Keycloak: the CAs of the
 * federations started in this JVM ({@link #trust}), nothing else. One {@link SSLContext} for the whole JVM, so that a
 * client made before a federation started (a static HTTP client) trusts its CA too. Host names are verified as usual
 * (the certificates name 127.0.0.1 and localhost).
 */
public final class LocalTrust {

    private static final Set<X509Certificate> AUTHORITIES = new LinkedHashSet<>();
    private static volatile X509ExtendedTrustManager current = trustManager(Set.of());
    private static final SSLContext CONTEXT = context();

    private LocalTrust() {
    }

    /** From now on, trust certificates issued by this CA. */
    public static synchronized void trust(LocalCertificateAuthority ca) {
        if (AUTHORITIES.add(ca.certificate())) {
            current = trustManager(AUTHORITIES);
        }
    }

    /** The TLS context of this JVM's clients of the local run. */
    public static SSLContext sslContext() {
        return CONTEXT;
    }

    /** An HTTP client builder that trusts the local run's CAs. */
    public static HttpClient.Builder httpClient() {
        return HttpClient.newBuilder().sslContext(CONTEXT);
    }

    private static SSLContext context() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{new Delegating()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS context", e);
        }
    }

    private static X509ExtendedTrustManager trustManager(Set<X509Certificate> authorities) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (X509Certificate authority : authorities) {
                store.setCertificateEntry("local-ca-" + i++, authority);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("no X.509 trust manager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not build the local trust store", e);
        }
    }

    /** Asks the trust manager of the CAs trusted at the moment of the handshake. */
    private static final class Delegating extends X509ExtendedTrustManager {

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            current.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            current.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            current.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            current.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            current.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            current.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return current.getAcceptedIssuers();
        }
    }
}
