package org.chaekieum.runtime.messaging;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Whether the service has begun to shut down. A consumer asks before it blames an event for a failure: a failure while
 * the service stops is the service's, and the event is left for after the restart (see {@link EventRetries}).
 */
@ApplicationScoped
public class ServiceShutdown {

    private volatile boolean underway;

    void onShutdown(@Observes ShutdownEvent event) {
        underway = true;
    }

    /** True from the moment the service began to shut down. */
    public boolean underway() {
        return underway;
    }
}
