package org.chaekieum.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.chaekieum.contracts.event.Topics;
import org.chaekieum.runtime.jobs.Housekeeping;
import org.chaekieum.runtime.outbox.OutboxRelay;
import org.junit.jupiter.api.Test;

/** Published outbox rows and applied-event ids go after their kept periods; unpublished rows never do. */
@QuarkusTest
class HousekeepingTest {

    @Inject
    Housekeeping housekeeping;

    @Inject
    DataSource dataSource;

    @Test
    void deletesOnlyWhatIsPublishedOrAppliedAndOlderThanItsPeriod() throws Exception {
        Instant now = Instant.now();
        Instant old = now.minus(Duration.ofDays(40));
        UUID oldPublished = UUID.randomUUID();
        UUID oldUnpublished = UUID.randomUUID();
        UUID recentPublished = UUID.randomUUID();
        String oldEvent = "housekeeping-old-" + UUID.randomUUID();
        String recentEvent = "housekeeping-recent-" + UUID.randomUUID();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
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

    private static void outbox(Connection c, UUID id, Instant createdAt, Instant publishedAt) throws Exception {
        try (PreparedStatement p = c.prepareStatement("insert into outbox_event (id, topic, message_key, payload, "
                + "created_at, published_at) values (?, ?, ?, ?, ?, ?)")) {
            p.setObject(1, id);
            p.setString(2, Topics.NATIONAL_DECISIONS);
            p.setString(3, "housekeeping");
            p.setString(4, "{}");
            p.setTimestamp(5, Timestamp.from(createdAt));
            p.setTimestamp(6, publishedAt == null ? null : Timestamp.from(publishedAt));
            p.executeUpdate();
        }
    }

    private static long count(Connection c, String sql, Object id) throws Exception {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setObject(1, id);
            try (var r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
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
}
