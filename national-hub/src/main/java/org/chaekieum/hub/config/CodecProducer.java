package org.chaekieum.hub.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.chaekieum.contracts.event.EventCodec;

/** The federation's event codec as a CDI bean. */
public class CodecProducer {

    @Produces
    @Singleton
    EventCodec eventCodec() {
        return new EventCodec();
    }
}
