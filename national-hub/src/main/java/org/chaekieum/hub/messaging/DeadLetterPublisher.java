package org.chaekieum.hub.messaging;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.chaekieum.contracts.event.Topics;
import org.chaekieum.hub.config.HubConfig;
import org.chaekieum.runtime.messaging.DeadLetterCounter;
import org.chaekieum.runtime.messaging.DeadLetterCounter.Reason;
import org.chaekieum.runtime.messaging.KafkaClients;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends single records of a consumed batch to the dead-letter topic, with their original key, value and headers plus
 * the same {@code dead-letter-*} headers the connector's dead-letter-queue failure strategy adds. The connector can
 * only dead-letter a whole batch; the consumer uses this to dead-letter just the records that cannot be applied.
 * Every record the broker acknowledged is counted ({@link DeadLetterCounter}, 0 from the start for the consumed topic).
 */
@ApplicationScoped
public class DeadLetterPublisher {

    /** One record to dead-letter and why. */
    public record DeadLetter(ConsumerRecord<String, String> record, Throwable reason) {
    }

    private final KafkaClients kafkaClients;
    private final String topic;
    private final HubConfig config;
    private final DeadLetterCounter counter;
    private Producer<String, String> producer;

    DeadLetterPublisher(KafkaClients kafkaClients,
            @ConfigProperty(name = "mp.messaging.incoming.member-events.dead-letter-queue.topic",
                    defaultValue = Topics.MEMBER_EVENTS + Topics.DEAD_LETTER_SUFFIX) String topic,
            HubConfig config, DeadLetterCounter counter) {
        this.kafkaClients = kafkaClients;
        this.topic = topic;
        this.config = config;
        this.counter = counter;
    }

    void registerMetrics(@Observes StartupEvent event) {
        counter.register(Topics.MEMBER_EVENTS);
    }

    public String topic() {
        return topic;
    }

    /**
     * Sends every record and waits for the broker's acknowledgement of each.
     *
     * @throws IllegalStateException when a record could not be written (the batch must then not be acknowledged)
     */
    public void sendAll(List<DeadLetter> letters) throws InterruptedException {
        if (letters.isEmpty()) {
            return;
        }
        Producer<String, String> p = producer();
        List<Future<RecordMetadata>> sent = new ArrayList<>(letters.size());
        try {
            for (DeadLetter letter : letters) {
                sent.add(p.send(toDeadLetter(letter)));
            }
            long waitMs = Math.max(config.relay().deliveryTimeout().toMillis(), config.relay().requestTimeout().toMillis())
                    + config.relay().maxBlock().toMillis();
            for (Future<RecordMetadata> f : sent) {
                f.get(waitMs, TimeUnit.MILLISECONDS);
            }
            for (DeadLetter letter : letters) {
                // Every region's topic is counted under the member events' name: one series per reason.
                counter.count(Topics.reportedAs(letter.record().topic()), Reason.of(letter.reason()));
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            reset();
            throw new IllegalStateException("could not write " + letters.size() + " record(s) to " + topic + ": "
                    + (e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e), e);
        }
    }

    ProducerRecord<String, String> toDeadLetter(DeadLetter letter) {
        ConsumerRecord<String, String> r = letter.record();
        Headers headers = new RecordHeaders();
        for (Header h : r.headers()) {
            headers.add(h);
        }
        Throwable reason = letter.reason();
        headers.add("dead-letter-exception-class-name", bytes(reason.getClass().getName()));
        if (reason.getMessage() != null) {
            headers.add("dead-letter-reason", bytes(reason.getMessage()));
        }
        if (reason.getCause() != null) {
            headers.add("dead-letter-cause-class-name", bytes(reason.getCause().getClass().getName()));
            if (reason.getCause().getMessage() != null) {
                headers.add("dead-letter-cause", bytes(reason.getCause().getMessage()));
            }
        }
        headers.add("dead-letter-topic", bytes(r.topic()));
        headers.add("dead-letter-partition", bytes(Integer.toString(r.partition())));
        headers.add("dead-letter-offset", bytes(Long.toString(r.offset())));
        return new ProducerRecord<>(topic, null, r.key(), r.value(), headers);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private synchronized Producer<String, String> producer() {
        if (producer == null) {
            HubConfig.Relay relay = config.relay();
            Map<String, Object> p = new HashMap<>();
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "national-hub-member-events-dlq");
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(relay.maxBlock().toMillis()));
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(relay.requestTimeout().toMillis()));
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                    Long.toString(Math.max(relay.deliveryTimeout().toMillis(), relay.requestTimeout().toMillis())));
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(kafkaClients.settings(p));
        }
        return producer;
    }

    private synchronized void reset() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
            producer = null;
        }
    }
}
