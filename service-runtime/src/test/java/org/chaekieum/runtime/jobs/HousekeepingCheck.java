package org.chaekieum.runtime.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.enterprise.inject.spi.CDI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.chaekieum.runtime.outbox.OutboxRelay;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Published outbox rows and applied-event ids go after their kept periods; unpublished rows never do
 * ({@link Housekeeping}). Each service runs it against its own database: {@code @QuarkusTest class HousekeepingTest
 * extends HousekeepingCheck} (this module's test jar).
 *
 * <p>The rows are written and counted on a connection of its own, which holds the relays' lock meanwhile: the
 * unpublished row stays unpublished, and is removed again before the lock is let go.
 */
public abstract class HousekeepingCheck {

    /** The topic of the service's outbox rows (none of the rows written here is ever relayed). */
    protected abstract String outboxTopic();

    @Test
    void deletesOnlyWhatIsPublishedOrAppliedAndOlderThanItsPeriod() throws Exception {
        Housekeeping housekeeping = CDI.current().select(Housekeeping.class).get();
        Instant now = Instant.now();
        Instant old = now.minus(Duration.ofDays(40));
        UUID oldPublished = UUID.randomUUID();
        UUID oldUnpublished = UUID.randomUUID();
        UUID recentPublished = UUID.randomUUID();
        String oldEvent = "housekeeping-old-" + UUID.randomUUID();
        String recentEvent = "housekeeping-recent-" + UUID.randomUUID();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            // The relays pause while this session holds their lock: the unpublished row stays unpublished here.
            s.execute("select pg_advisory_lock(" + OutboxRelay.RELAY_LOCK + ")");
            try {
                outbox(c, oldPublished, old, old);
                outbox(c, oldUnpublished, old, null);
                outbox(c, recentPublished, now.minus(Duration.ofHours(1)), now);
                processed(c, oldEvent, old);
                processed(c, recentEvent, now.minus(Duration.ofDays(1)));

                Housekeeping.Run run = housekeeping.run(now);

                assertThat(run.outboxRows()).isGreaterThanOrEqualTo(1);
                assertThat(run.processedEventIds()).isGreaterThanOrEqualTo(1);
                assertThat(count(c, "select count(*) from outbox_event where id = ?", oldPublished)).isZero();
                assertThat(count(c, "select count(*) from outbox_event where id = ?", oldUnpublished)).isEqualTo(1);
                assertThat(count(c, "select count(*) from outbox_event where id = ?", recentPublished)).isEqualTo(1);
                assertThat(count(c, "select count(*) from processed_event where event_id = ?", oldEvent)).isZero();
                assertThat(count(c, "select count(*) from processed_event where event_id = ?", recentEvent))
                        .isEqualTo(1);
            } finally {
                // The row nobody published is removed again rather than left for the relay.
                try (PreparedStatement d = c.prepareStatement("delete from outbox_event where id = ?")) {
                    d.setObject(1, oldUnpublished);
                    d.executeUpdate();
                }
                s.execute("select pg_advisory_unlock(" + OutboxRelay.RELAY_LOCK + ")");
            }
        }
    }

    private void outbox(Connection c, UUID id, Instant createdAt, Instant publishedAt) throws Exception {
        try (PreparedStatement p = c.prepareStatement("insert into outbox_event (id, topic, message_key, event_type, "
                + "payload, created_at, published_at) values (?, ?, ?, ?, ?, ?, ?)")) {
            p.setObject(1, id);
            p.setString(2, outboxTopic());
            p.setString(3, "housekeeping");
            p.setString(4, "org.chaekieum.test.v1");
            p.setString(5, "{}");
            p.setTimestamp(6, Timestamp.from(createdAt));
            p.setTimestamp(7, publishedAt == null ? null : Timestamp.from(publishedAt));
            p.executeUpdate();
        }
    }

    private static void processed(Connection c, String eventId, Instant at) throws Exception {
        try (PreparedStatement p = c.prepareStatement(
                "insert into processed_event (event_id, event_type, processed_at) values (?, ?, ?)")) {
            p.setString(1, eventId);
            p.setString(2, "org.chaekieum.test.v1");
            p.setTimestamp(3, Timestamp.from(at));
            p.executeUpdate();
        }
    }

    private static long count(Connection c, String sql, Object id) throws Exception {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setObject(1, id);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** A connection of its own (not the pool's), to the service's database. */
    private static Connection connect() throws Exception {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }
}
