package org.chaekieum.hub;

import io.quarkus.test.junit.QuarkusTest;
import org.chaekieum.contracts.event.Topics;
import org.chaekieum.runtime.jobs.HousekeepingCheck;

/** Housekeeping on the hub's outbox and applied-event ids (see {@link HousekeepingCheck}). */
@QuarkusTest
class HousekeepingTest extends HousekeepingCheck {

    @Override
    protected String outboxTopic() {
        return Topics.NATIONAL_DECISIONS;
    }
}
