package org.chaekieum.region;

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
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.chaekieum.contracts.event.Topics;
import org.chaekieum.region.support.Db;
import org.chaekieum.runtime.jobs.Housekeeping;
import org.chaekieum.runtime.jobs.Jobs;
import org.chaekieum.runtime.outbox.OutboxRelay;
import org.junit.jupiter.api.Test;

/**
 * Published outbox rows and applied-event ids go after their kept periods; unpublished rows never do. Scheduled jobs
 * run on one replica at a time.
 */
@QuarkusTest
class HousekeepingTest {

    @Inject
    Housekeeping housekeeping;

    @Inject
    DataSource dataSource;

    @Inject
    Jobs jobs;

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
                assertThat(Db.count("select count(*) from outbox_event where id = ?1", oldPublished)).isZero();
                assertThat(Db.count("select count(*) from outbox_event where id = ?1", oldUnpublished)).isEqualTo(1);
                assertThat(Db.count("select count(*) from outbox_event where id = ?1", recentPublished)).isEqualTo(1);
                assertThat(Db.count("select count(*) from processed_event where event_id = ?1", oldEvent)).isZero();
                assertThat(Db.count("select count(*) from processed_event where event_id = ?1", recentEvent))
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

    @Test
    void aJobRunsOnOneReplicaAtATime() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Connection other = dataSource.getConnection(); Statement s = other.createStatement()) {
            // Another replica is running the job: it holds the job's lock.
            s.execute("select pg_advisory_lock(hashtext('job:housekeeping-test'))");
            assertThat(jobs.alone("housekeeping-test", runs::incrementAndGet)).isFalse();
            assertThat(runs).hasValue(0);
            s.execute("select pg_advisory_unlock(hashtext('job:housekeeping-test'))");
        }
        assertThat(jobs.alone("housekeeping-test", runs::incrementAndGet)).isTrue();
        assertThat(jobs.alone("housekeeping-test", runs::incrementAndGet)).isTrue();
        assertThat(runs).hasValue(2);
    }

    private static void outbox(Connection c, UUID id, Instant createdAt, Instant publishedAt) throws Exception {
        try (PreparedStatement p = c.prepareStatement("insert into outbox_event (id, topic, message_key, event_type, "
                + "payload, created_at, published_at) values (?, ?, ?, ?, ?, ?, ?)")) {
            p.setObject(1, id);
            p.setString(2, Topics.MEMBER_EVENTS);
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
}
