package org.chaekieum.runtime.time;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.ZoneId;

/** The services' clock: Korean time, so that days, years of issue and ages are counted as libraries count them. */
@Dependent
public class ClockProducer {
    /** Years of issue and ages are counted in Korean time. */
    public static final ZoneId KOREA = ZoneId.of("Asia/Seoul");

    @Produces
    @Singleton
    Clock clock() {
        return Clock.system(KOREA);
    }
}
