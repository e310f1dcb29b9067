package org.chaekieum.region.support;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.chaekieum.testsupport.TestClock;

/**
 * In this module's tests the regional center runs on {@link TestClock} (Korean time, started at noon) instead of the
 * wall clock, so that the dates it computes and the dates the tests expect never fall on two sides of midnight.
 */
@Dependent
public class TestClockProducer {

    @Produces
    @Alternative
    @Priority(1)
    @Singleton
    Clock clock() {
        return TestClock.clock();
    }
}
