package org.chaekieum.runtime.outbox;

/**
 * The CloudEvents source of the envelopes a service writes to its outbox ({@code /chaekieum/hub},
 * {@code /chaekieum/regions/seoul}). Each service provides exactly one bean.
 */
public interface EventSource {
    String value();
}
