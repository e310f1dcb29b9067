package org.chaekieum.region.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.chaekieum.contracts.event.EventCodec;
import org.chaekieum.contracts.event.EventEnvelope;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Applies what the hub decided about this region's members. Transient failures are retried; a record that cannot be
 * read, or still fails after the retries, goes to this region's dead-letter topic and the stream goes on.
 */
@ApplicationScoped
public class NationalDecisionConsumer {

    @Inject
    EventCodec codec;

    @Inject
    DecisionApplier applier;

    @Incoming("national-decisions")
    @Blocking(ordered = true)
    @Retry(maxRetries = 5, delay = 200, abortOn = EventCodec.UnreadableEventException.class)
    public void consume(String record) {
        EventEnvelope envelope = codec.read(record);
        applier.apply(envelope, codec.payload(envelope));
    }
}
