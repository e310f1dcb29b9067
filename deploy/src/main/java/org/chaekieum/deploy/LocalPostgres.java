package org.chaekieum.deploy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server (embedded binaries, in this JVM's control) with one database per service, as user
 * {@value #USER}.
 *
 * <p>Started with a {@link Tls} (the local run, the end-to-end tests, the benchmarks), the server accepts TCP
 * connections only over TLS ({@code hostssl} in pg_hba.conf, every other TCP connection rejected) with a password
 * (SCRAM) generated at start, and the JDBC URL asks for {@code sslmode=verify-full} against the run's CA. Started
 * without one (this class's own test), it trusts every local connection, as initdb's defaults do.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String HUB_DATABASE = "hub";

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final String TRUSTED_PASSWORD = "postgres";
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The server's certificate and key (PEM; the key readable by its owner only) and the CA certificate that clients
     * verify it against.
     */
    public record Tls(Path certificate, Path privateKey, Path caCertificate) {
    }

    private final EmbeddedPostgres postgres;
    private final List<String> databases;
    private final Tls tls;
    private volatile String password = TRUSTED_PASSWORD;

    private LocalPostgres(EmbeddedPostgres postgres, List<String> databases, Tls tls) {
        this.postgres = postgres;
        this.databases = List.copyOf(databases);
        this.tls = tls;
    }

    /** The database of a regional center, e.g. {@code region_seoul}. */
    public static String regionDatabase(String regionId) {
        return "region_" + regionId.toLowerCase().replace('-', '_');
    }

    /**
     * Starts a server and creates the databases.
     *
     * @param port    the port, or 0 for a free one
     * @param dataDir the data directory (wiped first), or {@code null} for a temporary one
     */
    public static LocalPostgres start(int port, Path dataDir, List<String> databases) {
        return start(port, dataDir, databases, null);
    }

    /**
     * Starts a server and creates the databases; with {@code tls}, TCP over TLS only and a password of this start.
     *
     * @param port    the port, or 0 for a free one
     * @param dataDir the data directory (wiped first), or {@code null} for a temporary one
     * @param tls     the server's certificate, or {@code null} for a server without TLS that trusts local users
     */
    public static LocalPostgres start(int port, Path dataDir, List<String> databases, Tls tls) {
        for (String database : databases) {
            if (!DATABASE_NAME.matcher(database).matches()) {
                throw new IllegalArgumentException("not a plain database name: " + database);
            }
        }
        EmbeddedPostgres postgres;
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port == 0 ? Ports.free() : port)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off");
            if (tls != null) {
                builder.setServerConfig("ssl", "on")
                        .setServerConfig("ssl_cert_file", tls.certificate().toAbsolutePath().toString())
                        .setServerConfig("ssl_key_file", tls.privateKey().toAbsolutePath().toString())
                        .setServerConfig("ssl_min_protocol_version", "TLSv1.2");
            }
            if (dataDir != null) {
                Federation.deleteRecursively(dataDir); // a run killed with -9 leaves its data behind
                Files.createDirectories(dataDir);
                builder.setDataDirectory(dataDir).setCleanDataDirectory(true);
            }
            postgres = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
        LocalPostgres local = new LocalPostgres(postgres, databases, tls);
        Shutdown.register(local);
        try (Connection connection = local.connect("postgres"); Statement statement = connection.createStatement()) {
            for (String database : databases) {
                statement.execute("CREATE DATABASE " + database);
            }
            if (tls != null) {
                local.requireTlsAndPassword(statement);
            }
        } catch (SQLException | IOException e) {
            local.close();
            throw new IllegalStateException("could not create the service databases", e);
        }
        return local;
    }

    /**
     * Gives {@value #USER} a new random password (stored as a SCRAM verifier) and replaces initdb's pg_hba.conf, which
     * trusts every local user, by one that accepts TCP over TLS with that password only; then reloads the server.
     * Called over the connection opened while initdb's rules still applied (over TLS already: the JDBC URL asks for it).
     */
    private void requireTlsAndPassword(Statement statement) throws SQLException, IOException {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        statement.execute("SET password_encryption = 'scram-sha-256'");
        statement.execute("ALTER ROLE " + USER + " PASSWORD '" + generated + "'"); // URL-safe base64: no quote inside
        String hba;
        try (ResultSet file = statement.executeQuery("SHOW hba_file")) {
            file.next();
            hba = file.getString(1);
        }
        Files.writeString(Path.of(hba), String.join("\n",
                "# Written by LocalPostgres: TCP over TLS with a password only; nothing else (no Unix socket, no plain TCP).",
                "hostssl all all 127.0.0.1/32 scram-sha-256",
                "hostssl all all ::1/128 scram-sha-256",
                "host all all all reject",
                ""), StandardCharsets.US_ASCII);
        try (ResultSet reloaded = statement.executeQuery("SELECT pg_reload_conf()")) {
            reloaded.next();
        }
        password = generated;
    }

    public int port() {
        return postgres.getPort();
    }

    public List<String> databases() {
        return databases;
    }

    /** The JDBC URL of one database; with TLS, verified in full (the CA and the host name in the certificate). */
    public String jdbcUrl(String database) {
        String url = "jdbc:postgresql://localhost:" + port() + "/" + database;
        return tls == null ? url
                : url + "?sslmode=verify-full&sslrootcert=" + tls.caCertificate().toAbsolutePath();
    }

    /** {@value #USER}'s password: generated at this start with TLS; {@code postgres} (and not checked) without. */
    public String password() {
        return password;
    }

    /** The server's TLS settings, or {@code null} when it runs without TLS. */
    public Tls tls() {
        return tls;
    }

    /** A new connection to one database, as {@value #USER}. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, password);
    }

    @Override
    public void close() {
        Shutdown.unregister(this);
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL on port " + port();
    }
}
