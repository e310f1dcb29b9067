package org.chaekieum.region;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.chaekieum.contracts.event.Topics;
import org.chaekieum.runtime.jobs.HousekeepingCheck;
import org.chaekieum.runtime.jobs.Jobs;
import org.junit.jupiter.api.Test;

/**
 * Housekeeping on the region's outbox and applied-event ids (see {@link HousekeepingCheck}). Scheduled jobs run on one
 * replica at a time.
 */
@QuarkusTest
class HousekeepingTest extends HousekeepingCheck {

    @Inject
    DataSource dataSource;

    @Inject
    Jobs jobs;

    @Override
    protected String outboxTopic() {
        return Topics.MEMBER_EVENTS;
    }

    @Test
    void aJobRunsOnOneReplicaAtATime() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Connection other = dataSource.getConnection(); Statement s = other.createStatement()) {
            // Another replica is running the job: it holds the job's lock.
            s.execute("select pg_advisory_lock(hashtext('job:housekeeping-test'))");
            try {
                assertThat(jobs.alone("housekeeping-test", runs::incrementAndGet)).isFalse();
                assertThat(runs).hasValue(0);
            } finally {
                // A session lock outlives the pooled connection it was taken on: let go of it whatever happened.
                s.execute("select pg_advisory_unlock(hashtext('job:housekeeping-test'))");
            }
        }
        assertThat(jobs.alone("housekeeping-test", runs::incrementAndGet)).isTrue();
        assertThat(jobs.alone("housekeeping-test", runs::incrementAndGet)).isTrue();
        assertThat(runs).hasValue(2);
    }
}
