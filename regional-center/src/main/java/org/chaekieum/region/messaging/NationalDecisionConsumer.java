package org.chaekieum.region.messaging;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.chaekieum.contracts.event.EventCodec;
import org.chaekieum.contracts.event.EventCodec.UnreadableEventException;
import org.chaekieum.contracts.event.EventEnvelope;
import org.chaekieum.contracts.event.Topics;
import org.chaekieum.runtime.messaging.DeadLetterCounter;
import org.chaekieum.runtime.messaging.DeadLetterCounter.Reason;
import org.chaekieum.runtime.messaging.EventRetries;
import org.chaekieum.runtime.messaging.ServiceShutdown;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Applies what the hub decided about this region's members, in order. A record that cannot be read, or that still
 * fails after a few attempts, is nacked: the channel's dead-letter strategy sends it to this region's dead-letter
 * topic and the stream goes on. A failure of this region itself (shutting down, its database away) is never the
 * event's fault: the record is left unacknowledged, so its offset is not committed and it is delivered again after a
 * restart (the connector reports a record left unprocessed too long on the liveness check). Every nacked record is
 * counted ({@link DeadLetterCounter}, 0 from the start).
 */
@ApplicationScoped
public class NationalDecisionConsumer {

    private static final Logger LOG = Logger.getLogger(NationalDecisionConsumer.class);
    static final int MAX_ATTEMPTS = 5;
    static final long BACKOFF_MILLIS = 200;

    private final EventCodec codec;
    private final DecisionApplier applier;
    private final ServiceShutdown shutdown;
    private final DeadLetterCounter deadLetters;

    @ConfigProperty(name = "mp.messaging.incoming.national-decisions.topic", defaultValue = Topics.NATIONAL_DECISIONS)
    String topic;

    void registerMetrics(@Observes StartupEvent event) {
        deadLetters.register(topic);
    }

    @Inject
    NationalDecisionConsumer(EventCodec codec, DecisionApplier applier, ServiceShutdown shutdown,
                             DeadLetterCounter deadLetters) {
        this.codec = codec;
        this.applier = applier;
        this.shutdown = shutdown;
        this.deadLetters = deadLetters;
    }

    @Incoming("national-decisions")
    @Blocking(ordered = true)
    public CompletionStage<Void> consume(Message<String> message) {
        EventEnvelope envelope;
        try {
            envelope = codec.read(message.getPayload());
        } catch (UnreadableEventException e) {
            LOG.warnf("unreadable national decision goes to the dead-letter topic: %s", e.getMessage());
            return deadLetter(message, e);
        }
        EventRetries.Result result = EventRetries.apply("national decision " + envelope.id(),
                () -> applier.apply(envelope, codec.payload(envelope)), MAX_ATTEMPTS, BACKOFF_MILLIS,
                e -> e instanceof UnreadableEventException, shutdown::underway);
        switch (result.outcome()) {
            case APPLIED -> {
                return message.ack();
            }
            case NOT_NOW -> {
                LOG.warnf("national decision %s not applied (%s): left unacknowledged, delivered again after a "
                        + "restart", envelope.id(), result.interrupted() ? "interrupted"
                        : shutdown.underway() ? "shutting down" : "database unavailable");
                return CompletableFuture.completedFuture(null);
            }
            default -> {
                if (result.failure() instanceof UnreadableEventException) {
                    LOG.warnf("national decision %s has an unreadable payload, sent to the dead-letter topic: %s",
                            envelope.id(), result.failure().getMessage());
                } else {
                    LOG.errorf(result.failure(), "national decision %s failed %d times, sent to the dead-letter "
                            + "topic", envelope.id(), result.attempts());
                }
                return deadLetter(message, result.failure());
            }
        }
    }

    /** Nacks the record: the channel's dead-letter-queue strategy writes it to this region's dead-letter topic. */
    private CompletionStage<Void> deadLetter(Message<String> message, RuntimeException failure) {
        deadLetters.count(topic, Reason.of(failure));
        return message.nack(failure);
    }
}
