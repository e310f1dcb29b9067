package org.chaekieum.hub.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.chaekieum.hub.config.HubConfig;
import org.chaekieum.runtime.outbox.EventSource;

/** The hub's envelopes come from {@code chaekieum.hub.source} (/chaekieum/hub). */
@ApplicationScoped
public class HubEventSource implements EventSource {

    @Inject
    HubConfig config;

    @Override
    public String value() {
        return config.source();
    }
}
