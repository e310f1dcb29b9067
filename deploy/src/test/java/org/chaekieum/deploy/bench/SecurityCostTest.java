package org.chaekieum.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the benchmark prices TLS, SASL and token checks: which stacks count, and the CPU that follows from the shares. */
class SecurityCostTest {

    @Test
    void aStackCountsForTheFirstCategoryItShows() {
        // A token check over a TLS connection is a token check: the signature is what costs.
        assertThat(SecurityCost.category(List.of("java.math.BigInteger", "sun.security.rsa.RSACore",
                "org.jose4j.jws.JsonWebSignature", "io.netty.handler.ssl.SslHandler"))).isEqualTo("tokens");
        assertThat(SecurityCost.category(List.of("com.sun.crypto.provider.GaloisCounterMode",
                "sun.security.ssl.SSLCipher", "sun.security.ssl.SSLEngineImpl"))).isEqualTo("TLS");
        assertThat(SecurityCost.category(List.of("org.apache.kafka.common.network.SslTransportLayer",
                "org.apache.kafka.common.network.KafkaChannel"))).isEqualTo("TLS");
        assertThat(SecurityCost.category(List.of("javax.crypto.Mac",
                "org.apache.kafka.common.security.scram.internals.ScramFormatter"))).isEqualTo("SASL");
        assertThat(SecurityCost.category(List.of("org.hibernate.Session", "org.postgresql.jdbc.PgStatement")))
                .isNull();
    }

    @Test
    void cpuPerOperationIsTheShareOfEachProcessesCpu() {
        Locale saved = Locale.getDefault();
        Locale.setDefault(Locale.ROOT);
        try {
            Map<String, Map<String, Double>> shares = Map.of(
                    "hub", Map.of("tokens", 0.1, "TLS", 0.2, "SASL", 0.0),
                    "bench clients", Map.of("tokens", 0.0, "TLS", 0.5, "SASL", 0.0));
            // 100 operations; the hub used 2 s of CPU (20 ms each), the clients 1 s (10 ms each).
            List<String> lines = SecurityCost.report(shares, Map.of("hub", 10.0, "bench clients", 5.0),
                    Map.of("hub", 12.0, "bench clients", 6.0), 100);
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).startsWith("tokens:").contains("hub 2.00 ms").contains("bench clients 0.00 ms")
                    .contains("federation 2.00 ms per checkout and its return (10% of its CPU)");
            assertThat(lines.get(1)).startsWith("TLS:").contains("hub 4.00 ms").contains("bench clients 5.00 ms")
                    .contains("federation 4.00 ms per checkout and its return (20% of its CPU)");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void sharesCountOnlyTheSamplesOfTheWindow(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("empty.jfr");
        Instant from;
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample");
            recording.start();
            from = Instant.now();
            recording.stop();
            recording.dump(file);
        }
        Map<String, Double> shares = SecurityCost.shares(file, from.plusSeconds(3600), from.plusSeconds(7200));
        assertThat(shares.get("samples")).isZero();
        assertThat(shares.get("TLS")).isCloseTo(0.0, within(1e-9));
    }
}
