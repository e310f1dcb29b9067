package org.chaekieum.runtime.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import org.chaekieum.contracts.event.EventEnvelope;

/**
 * The idempotent consumer's record of applied events (table {@code processed_event}, the same in both services). The
 * mark is written in the transaction that applies the event, first and in one statement: an id seen before (earlier,
 * or earlier in the same batch) inserts nothing, and the event is skipped; a transaction that fails takes its mark
 * with it, so the event is applied again when it is delivered again. {@code Housekeeping} deletes old marks.
 */
@ApplicationScoped
public class ProcessedEvents {

    @Inject
    EntityManager em;

    /** Marks the event applied at {@code at}; false when it had been applied before (then apply nothing). */
    public boolean firstTime(EventEnvelope envelope, Instant at) {
        return em.createNativeQuery("insert into processed_event (event_id, event_type, processed_at) "
                        + "values (?1, ?2, ?3) on conflict (event_id) do nothing")
                .setParameter(1, envelope.id())
                .setParameter(2, envelope.type())
                .setParameter(3, at)
                .executeUpdate() == 1;
    }
}
