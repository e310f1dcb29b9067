package org.chaekieum.deploy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server (embedded binaries, in this JVM's control) with one database per service. User and password
 * are {@code postgres}/{@code postgres}.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";
    public static final String HUB_DATABASE = "hub";

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final EmbeddedPostgres postgres;
    private final List<String> databases;

    private LocalPostgres(EmbeddedPostgres postgres, List<String> databases) {
        this.postgres = postgres;
        this.databases = List.copyOf(databases);
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
            if (dataDir != null) {
                Federation.deleteRecursively(dataDir); // a run killed with -9 leaves its data behind
                Files.createDirectories(dataDir);
                builder.setDataDirectory(dataDir).setCleanDataDirectory(true);
            }
            postgres = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
        LocalPostgres local = new LocalPostgres(postgres, databases);
        Shutdown.register(local);
        try (Connection connection = local.connect("postgres"); Statement statement = connection.createStatement()) {
            for (String database : databases) {
                statement.execute("CREATE DATABASE " + database);
            }
        } catch (SQLException e) {
            local.close();
            throw new IllegalStateException("could not create the service databases", e);
        }
        return local;
    }

    public int port() {
        return postgres.getPort();
    }

    public List<String> databases() {
        return databases;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /** A new connection to one database, as {@code postgres}. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
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
