package org.chaekieum.region.support;

import io.github.bucket4j.TimeMeter;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.chaekieum.runtime.ratelimit.HeldTime;

/** In this module's tests the rate limits run on {@link HeldTime}, which a test may hold still while it counts calls. */
@Dependent
public class RateLimitTimeProducer {

    @Produces
    @Singleton
    TimeMeter rateLimitTime() {
        return new HeldTime();
    }
}
