package org.chaekieum.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness's PostgreSQL: one database per service, reachable over JDBC as postgres/postgres. */
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
}
