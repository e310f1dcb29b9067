package org.chaekieum.hub.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.chaekieum.hub.messaging.DeadLetterPublisher.DeadLetter;
import org.jboss.logging.Logger;

/**
 * Which records were already written to the dead-letter topic, so that a batch delivered again (a rebalance, a restart
 * before the offsets were committed) does not dead-letter and count them twice. The mark is the record's place
 * ({@code dead-letter:<topic>:<partition>:<offset>}) in {@code processed_event}, never the event's id: a forged or
 * unreadable record could carry the id of a real event and must not make that event look applied. Marks are written
 * after the broker acknowledged the dead letters; a crash in between writes them again (at least once, rarely twice).
 * {@code Housekeeping} deletes old marks with the others.
 */
@ApplicationScoped
public class DeadLetterMarks {

    private static final Logger LOG = Logger.getLogger(DeadLetterMarks.class);
    static final String TYPE = "dead-letter";

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    static String keyOf(ConsumerRecord<?, ?> record) {
        return TYPE + ":" + record.topic() + ":" + record.partition() + ":" + record.offset();
    }

    /** The letters not dead-lettered before; all of them when the database cannot say (at least once). */
    public List<DeadLetter> notYetSent(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return letters;
        }
        try {
            List<String> keys = letters.stream().map(letter -> keyOf(letter.record())).toList();
            Set<String> sent = new HashSet<>(QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                            "select event_id from processed_event where event_id in (:keys)", String.class)
                    .setParameter("keys", keys).getResultList()));
            List<DeadLetter> fresh = letters.stream().filter(letter -> !sent.contains(keyOf(letter.record()))).toList();
            if (fresh.size() < letters.size()) {
                LOG.infof("%d record(s) delivered again were dead-lettered before: not sent or counted again",
                        letters.size() - fresh.size());
            }
            return fresh;
        } catch (RuntimeException e) {
            LOG.warnf("could not read the dead-letter marks (%s): the letters are sent, perhaps again", e.toString());
            return letters;
        }
    }

    /** Marks the letters sent (after the broker acknowledged them). */
    public void sent(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                for (DeadLetter letter : letters) {
                    em.createNativeQuery("insert into processed_event (event_id, event_type, processed_at) "
                                    + "values (?1, ?2, ?3) on conflict (event_id) do nothing")
                            .setParameter(1, keyOf(letter.record()))
                            .setParameter(2, TYPE)
                            .setParameter(3, clock.instant())
                            .executeUpdate();
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("could not mark %d dead letter(s) sent (%s): a redelivery would send them again", letters.size(),
                    e.toString());
        }
    }
}
