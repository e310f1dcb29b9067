package org.chaekieum.region.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.chaekieum.contracts.event.EventCodec;

public class CodecProducer {
    @Produces
    @Singleton
    EventCodec eventCodec() {
        return new EventCodec();
    }
}
