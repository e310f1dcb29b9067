package org.chaekieum.region.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.chaekieum.region.config.RegionConfig;
import org.chaekieum.runtime.outbox.EventSource;

/** A regional center's envelopes come from /chaekieum/regions/{id}. */
@ApplicationScoped
public class RegionEventSource implements EventSource {

    @Inject
    RegionConfig region;

    @Override
    public String value() {
        return region.eventSource();
    }
}
