package org.chaekieum.hub.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.chaekieum.contracts.event.EventCodec;
import org.chaekieum.contracts.event.EventCodec.UnreadableEventException;
import org.chaekieum.contracts.event.EventEnvelope;
import org.chaekieum.contracts.event.EventPayload;
import org.chaekieum.contracts.event.EventType;
import org.chaekieum.hub.config.HubConfig;
import org.chaekieum.hub.messaging.DeadLetterPublisher.DeadLetter;
import org.chaekieum.hub.registry.RegistryService;
import org.chaekieum.hub.registry.RegistryService.Decoded;
import org.chaekieum.runtime.messaging.EventRetries;
import org.chaekieum.runtime.messaging.ServiceShutdown;
import org.chaekieum.runtime.messaging.WrongSenderException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes every region's member events (each region's topic of its own), one poll (batch) at a time. Every record is
 * decoded and checked against its topic's writer ({@link EventSenders}); an unreadable one, or one its topic's writer
 * could not have sent, is sent to the dead-letter topic (original key, value and headers) without stopping the others. The readable events
 * are applied in ONE transaction, in record order ({@link RegistryService#applyAll}), which skips ids already seen.
 * If that transaction fails, the batch falls back to one event per transaction ({@link RegistryService#apply}), each
 * retried a few times (a concurrent duplicate, the database briefly away) before its record is dead-lettered, so one
 * bad event neither blocks nor loses the others. The batch is acknowledged only once the dead-letter topic has
 * acknowledged every record sent to it. Events that fail because of the hub itself (shutting down, database away)
 * are never dead-lettered: the method throws, the channel's {@code fail} strategy stops the consumer without
 * acknowledging the batch (liveness reports it, the pod is restarted), and the events are applied after the restart.
 */
@ApplicationScoped
public class MemberEventConsumer {

    private static final Logger LOG = Logger.getLogger(MemberEventConsumer.class);

    @Inject
    EventCodec codec;

    @Inject
    RegistryService registry;

    @Inject
    DeadLetterPublisher deadLetters;

    @Inject
    EventSenders senders;

    @Inject
    HubConfig config;

    @Inject
    ServiceShutdown shutdown;

    @Inject
    DeadLetterMarks marks;

    @Incoming("member-events")
    @Blocking
    public void consume(ConsumerRecords<String, String> batch) throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        List<ConsumerRecord<String, String>> readable = new ArrayList<>(batch.count());
        List<Decoded> events = new ArrayList<>(batch.count());
        List<DeadLetter> dead = new ArrayList<>();
        // ConsumerRecords iterates partition by partition, each in offset order: per-key (member) order is kept.
        for (ConsumerRecord<String, String> record : batch) {
            try {
                events.add(decode(record));
                readable.add(record);
            } catch (UnreadableEventException e) {
                LOG.warnf("unreadable record %s-%d@%d goes to the dead-letter topic: %s", record.topic(),
                        record.partition(), record.offset(), clip(e.getMessage()));
                dead.add(new DeadLetter(record, e));
            } catch (WrongSenderException e) {
                LOG.warnf("record %s-%d@%d could not have been sent by its topic's writer and goes to the dead-letter "
                        + "topic unapplied: %s", record.topic(), record.partition(), record.offset(),
                        clip(e.getMessage()));
                dead.add(new DeadLetter(record, e));
            }
        }

        if (!events.isEmpty()) {
            try {
                int applied = registry.applyAll(events);
                LOG.debugf("batch of %d record(s): %d event(s) applied in one transaction, %d unreadable",
                        batch.count(), applied, dead.size());
            } catch (RuntimeException e) {
                LOG.infof("batch of %d event(s) failed as one transaction (%s), applying them one by one",
                        events.size(), clip(e.toString()));
                applyOneByOne(readable, events, dead);
            }
        }

        sendDeadLetters(dead);
    }

    private Decoded decode(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            throw new UnreadableEventException("record has no value", null);
        }
        EventEnvelope envelope = codec.read(record.value());
        Optional<EventType> type = EventType.fromCeType(envelope.type());
        EventPayload payload = type.isPresent() ? codec.payload(envelope, type.get().payloadType()) : null;
        senders.check(record.topic(), envelope, payload);
        return new Decoded(envelope, payload);
    }

    /** The fallback: one transaction per event, in record order, each retried before its record is dead-lettered. */
    private void applyOneByOne(List<ConsumerRecord<String, String>> records, List<Decoded> events,
            List<DeadLetter> dead) throws InterruptedException {
        int maxAttempts = Math.max(1, config.consumer().maxAttempts());
        long backoffMs = config.consumer().retryBackoff().toMillis();
        for (int i = 0; i < events.size(); i++) {
            ConsumerRecord<String, String> record = records.get(i);
            EventEnvelope envelope = events.get(i).envelope();
            Decoded event = events.get(i);
            EventRetries.Result result = EventRetries.apply("event " + envelope.id(),
                    () -> registry.apply(envelope, event.payload()), maxAttempts, backoffMs, e -> false,
                    shutdown::underway);
            if (result.interrupted()) {
                Thread.interrupted(); // the exception carries it from here
                throw new InterruptedException("interrupted while retrying event " + envelope.id());
            }
            if (result.outcome() == EventRetries.Outcome.NOT_NOW) {
                // Nothing is wrong with the event: never dead-letter it. Leave the batch unacknowledged.
                throw new EventsNotAppliedException("event " + envelope.id() + " not applied: "
                        + (shutdown.underway() ? "the hub is shutting down" : "the hub's database is unavailable"),
                        result.failure());
            }
            if (result.outcome() == EventRetries.Outcome.FAILED) {
                LOG.errorf(result.failure(), "event %s (%s-%d@%d) failed %d times, sent to the dead-letter topic",
                        envelope.id(), record.topic(), record.partition(), record.offset(), result.attempts());
                dead.add(new DeadLetter(record, result.failure()));
            }
        }
    }

    /**
     * Writes the dead letters not written before (a batch delivered again after a rebalance must not dead-letter and
     * count them twice: {@link DeadLetterMarks}) and waits for the broker's acknowledgement, retrying a few times;
     * throws if it cannot.
     */
    private void sendDeadLetters(List<DeadLetter> letters) throws InterruptedException {
        if (letters.isEmpty()) {
            return;
        }
        List<DeadLetter> dead = marks.notYetSent(letters);
        if (dead.isEmpty()) {
            return;
        }
        int maxAttempts = Math.max(1, config.consumer().maxAttempts());
        long backoffMs = config.consumer().retryBackoff().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                deadLetters.sendAll(dead);
                marks.sent(dead);
                return;
            } catch (IllegalStateException e) {
                if (attempt >= maxAttempts) {
                    LOG.errorf("%d record(s) could not be written to %s after %d attempts; the batch is handed to the "
                            + "connector's failure strategy: %s", dead.size(), deadLetters.topic(), attempt,
                            clip(e.getMessage()));
                    throw e;
                }
                LOG.debugf("dead-letter attempt %d failed (%s), retrying", attempt, e.getMessage());
                TimeUnit.MILLISECONDS.sleep(backoffMs * attempt);
            }
        }
    }

    private static String clip(String message) {
        if (message == null) {
            return "";
        }
        return message.length() > 200 ? message.substring(0, 200) : message;
    }
}
