package org.chaekieum.region.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.ZoneId;

public class ClockProducer {
    /** Years of issue and ages are counted in Korean time. */
    public static final ZoneId KOREA = ZoneId.of("Asia/Seoul");

    @Produces
    @Singleton
    Clock clock() {
        return Clock.system(KOREA);
    }
}
