package org.chaekieum.hub.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.chaekieum.contracts.event.EventCodec;
import org.chaekieum.contracts.event.EventCodec.UnreadableEventException;
import org.chaekieum.contracts.event.EventEnvelope;
import org.chaekieum.contracts.event.EventPayload;
import org.chaekieum.contracts.event.EventType;
import org.chaekieum.hub.config.HubConfig;
import org.chaekieum.hub.service.RegistryService;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes every region's member events. An unreadable record is thrown back to the connector, which sends it to the
 * dead-letter topic and goes on; an event is applied in one transaction by {@link RegistryService}, which skips ids
 * it has seen. A failed transaction (a concurrent duplicate, the database briefly away) is retried a few times before
 * the record is dead-lettered.
 */
@ApplicationScoped
public class MemberEventConsumer {

    private static final Logger LOG = Logger.getLogger(MemberEventConsumer.class);

    @Inject
    EventCodec codec;

    @Inject
    RegistryService registry;

    @Inject
    HubConfig config;

    @Incoming("member-events")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) throws InterruptedException {
        EventEnvelope envelope;
        EventPayload payload;
        try {
            if (record.value() == null) {
                throw new UnreadableEventException("record has no value", null);
            }
            envelope = codec.read(record.value());
            Optional<EventType> type = EventType.fromCeType(envelope.type());
            payload = type.isPresent() ? codec.payload(envelope, type.get().payloadType()) : null;
        } catch (UnreadableEventException e) {
            LOG.warnf("unreadable record %s-%d@%d goes to the dead-letter topic: %s", record.topic(),
                    record.partition(), record.offset(), e.getMessage().length() > 200
                            ? e.getMessage().substring(0, 200) : e.getMessage());
            throw e;
        }
        int maxAttempts = Math.max(1, config.consumer().maxAttempts());
        long backoffMs = config.consumer().retryBackoff().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                registry.apply(envelope, payload);
                return;
            } catch (RuntimeException e) {
                if (attempt >= maxAttempts) {
                    LOG.errorf(e, "event %s (%s-%d@%d) failed %d times, sent to the dead-letter topic", envelope.id(),
                            record.topic(), record.partition(), record.offset(), attempt);
                    throw e;
                }
                LOG.debugf("event %s attempt %d failed (%s), retrying", envelope.id(), attempt, e.toString());
                TimeUnit.MILLISECONDS.sleep(backoffMs * attempt);
            }
        }
    }
}
