package org.chaekieum.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.chaekieum.deploy.Federation;
import org.chaekieum.deploy.KeycloakServer;
import org.chaekieum.deploy.LocalTrust;
import org.chaekieum.deploy.Ports;
import org.chaekieum.deploy.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every HTTP service of the federation (the hub, each regional center, the SIP2 gateway's HTTP side) and Keycloak
 * serve only TLS, with a certificate of the run's CA: a plaintext request gets no answer (the server closes the
 * connection without a byte), the plain HTTP port is not open, and over TLS the service answers with a chain to the run's CA for 127.0.0.1.
 */
@ExtendWith(FederationExtension.class)
class TlsAcrossTheFederationIT {

    private static final String HEALTH = "/q/health/ready";
    private static final String DISCOVERY = "/realms/" + KeycloakServer.REALM + "/.well-known/openid-configuration";

    @Test
    void aPlaintextRequestGetsNoAnswerFromAnyService(Federation federation) throws IOException {
        for (Endpoint endpoint : endpoints(federation)) {
            Answer answer = plaintextAnswer(endpoint);
            // The TLS listener reads no TLS record and closes the connection: not a byte of HTTP, no API answer.
            assertThat(answer).as("what %s answers a plaintext GET", endpoint).isEqualTo(new Answer("", "closed"));
        }
    }

    @Test
    void noServiceListensForPlainHttp(Federation federation) {
        for (ServiceProcess service : services(federation)) {
            assertThat(service.https()).as("%s serves HTTPS", service.name()).isTrue();
            int plainPort = Integer.parseInt(service.properties().get("quarkus.http.port"));
            assertThat(plainPort).isNotEqualTo(service.port());
            assertThat(Ports.accepts(plainPort)).as("%s's plain HTTP port %d is open", service.name(), plainPort)
                    .isFalse();
        }
        // Keycloak in development mode opened plain HTTP on its default port 8080 whatever --http-enabled said; it
        // runs in production mode now, HTTPS only.
        assertThat(Ports.accepts(8080)).as("Keycloak's default plain HTTP port 8080 is open").isFalse();
    }

    @Test
    void everyServiceAnswersOverTlsWithACertificateOfTheRunsCa(Federation federation) throws Exception {
        X509Certificate ca = federation.certificateAuthority().certificate();
        for (Endpoint endpoint : endpoints(federation)) {
            try (SSLSocket socket = (SSLSocket) LocalTrust.sslContext().getSocketFactory()
                    .createSocket("127.0.0.1", endpoint.port())) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.setSoTimeout(10_000);
                socket.startHandshake();
                Certificate[] chain = socket.getSession().getPeerCertificates();
                X509Certificate leaf = (X509Certificate) chain[0];
                leaf.verify(ca.getPublicKey());
                assertThat(leaf.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
                List<String> names = new ArrayList<>();
                for (List<?> name : leaf.getSubjectAlternativeNames()) {
                    names.add(String.valueOf(name.get(1)));
                }
                assertThat(names).as("names of the certificate of %s", endpoint).contains("127.0.0.1", "localhost");
                Answer answer = exchange(socket, endpoint.path());
                assertThat(answer.text()).as("%s over TLS", endpoint).startsWith("HTTP/1.1 200");
            }
        }
    }

    /** An HTTP port of the run and a path that answers 200 there. */
    private record Endpoint(String name, int port, String path) {
        @Override
        public String toString() {
            return name + " on port " + port;
        }
    }

    /** What came back, and how the connection ended: closed by the server, reset, or silent until the timeout. */
    private record Answer(String text, String ending) {
    }

    private static List<Endpoint> endpoints(Federation federation) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (ServiceProcess service : services(federation)) {
            endpoints.add(new Endpoint(service.name(), service.port(), HEALTH));
        }
        endpoints.add(new Endpoint("keycloak", federation.keycloak().port(), DISCOVERY));
        return endpoints;
    }

    private static List<ServiceProcess> services(Federation federation) {
        List<ServiceProcess> services = new ArrayList<>(federation.services());
        services.add(federation.gateway().process());
        return services;
    }

    /** What a server sends back to a plaintext HTTP/1.1 GET, until it closes the connection or 5 s pass. */
    private static Answer plaintextAnswer(Endpoint endpoint) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", endpoint.port()), 2_000);
            socket.setSoTimeout(5_000);
            return exchange(socket, endpoint.path());
        }
    }

    private static Answer exchange(Socket socket, String path) throws IOException {
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        String ending = "closed";
        try {
            for (int n; (n = in.read(buffer)) != -1; ) {
                answer.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            ending = "silent";
        } catch (SocketException e) {
            ending = "reset";
        }
        return new Answer(answer.toString(StandardCharsets.ISO_8859_1), ending);
    }
}
