package org.chaekieum.hub.outbox;

import io.quarkus.test.junit.QuarkusTest;
import org.chaekieum.runtime.outbox.OutboxRelayPlanCheck;

/** The relay's planning fix, on this service's own outbox table (see {@link OutboxRelayPlanCheck}). */
@QuarkusTest
class OutboxRelayPlanTest extends OutboxRelayPlanCheck {
}
