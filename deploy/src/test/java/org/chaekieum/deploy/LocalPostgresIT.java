package org.chaekieum.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness's PostgreSQL: one database per service, reachable over JDBC; with TLS, over verified TLS only. */
class LocalPostgresIT {

    @Test
    void createsOneDatabasePerServiceReachableOverJdbc() throws Exception {
        List<String> databases = List.of(LocalPostgres.HUB_DATABASE, LocalPostgres.regionDatabase("seoul"),
                LocalPostgres.regionDatabase("gyeonggi"));
        assertThat(databases).containsExactly("hub", "region_seoul", "region_gyeonggi");
        int port;
        try (LocalPostgres postgres = LocalPostgres.start(0, null, databases)) {
            port = postgres.port();
            for (String database : databases) {
                assertThat(postgres.jdbcUrl(database)).isEqualTo("jdbc:postgresql://localhost:" + port + "/" + database);
                try (Connection connection = postgres.connect(database);
                     Statement statement = connection.createStatement();
                     ResultSet result = statement.executeQuery("SELECT current_database(), current_user")) {
                    assertThat(result.next()).isTrue();
                    assertThat(result.getString(1)).isEqualTo(database);
                    assertThat(result.getString(2)).isEqualTo("postgres");
                }
            }
        }
        assertThat(Ports.accepts(port)).as("PostgreSQL is stopped").isFalse();
    }

    /** As the local run starts it: TLS verified in full, a password of this start, and nothing else gets in. */
    @Test
    void withTlsOnlyVerifiedTlsWithTheRightPasswordGetsIn(@TempDir Path dir) throws Exception {
        LocalCertificateAuthority ca = LocalCertificateAuthority.create(dir.resolve("ca"));
        LocalCertificateAuthority.IssuedCertificate certificate = ca.issueServerCertificate("postgres", "localhost",
                "127.0.0.1");
        try (LocalPostgres postgres = LocalPostgres.start(0, dir.resolve("data"), List.of(LocalPostgres.HUB_DATABASE),
                new LocalPostgres.Tls(certificate.certificate(), certificate.privateKey(), ca.caCertificate()))) {
            String url = postgres.jdbcUrl(LocalPostgres.HUB_DATABASE);
            assertThat(url).contains("sslmode=verify-full").contains("sslrootcert=");
            assertThat(postgres.password()).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo("postgres");
            try (Connection connection = postgres.connect(LocalPostgres.HUB_DATABASE);
                 Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT ssl, version FROM pg_stat_ssl"
                         + " WHERE pid = pg_backend_pid()")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getBoolean(1)).as("the connection is encrypted").isTrue();
                assertThat(result.getString(2)).startsWith("TLSv1.");
            }
            String plain = "jdbc:postgresql://localhost:" + postgres.port() + "/" + LocalPostgres.HUB_DATABASE;
            assertThat(refusal(plain + "?sslmode=disable", postgres.password()))
                    .as("plain TCP, even with the password").contains("no encryption");
            assertThat(refusal(url, "postgres")).as("TLS with initdb's password")
                    .contains("password authentication failed");
            LocalCertificateAuthority other = LocalCertificateAuthority.create(dir.resolve("other-ca"));
            assertThat(refusal(plain + "?sslmode=verify-full&sslrootcert=" + other.caCertificate(), postgres.password()))
                    .as("a client that trusts another CA does not talk to this server").isNotEmpty();
        }
    }

    private static String refusal(String url, String password) {
        try (Connection connection = DriverManager.getConnection(url, LocalPostgres.USER, password)) {
            return "";
        } catch (SQLException e) {
            return String.valueOf(e.getMessage());
        }
    }
}
