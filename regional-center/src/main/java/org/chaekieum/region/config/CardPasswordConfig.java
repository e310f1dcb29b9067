package org.chaekieum.region.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How many wrong card passwords in a row lock a member's card password at a library, and for how long. */
@ConfigMapping(prefix = "chaekieum.card-password")
public interface CardPasswordConfig {

    /** Wrong passwords in a row (each within {@link #lock()} of the first) that lock the card password. */
    @WithDefault("5")
    int maxFailures();

    /**
     * How long a lock lasts; also the window the wrong passwords are counted in (a run of them older than this starts
     * afresh).
     */
    @WithDefault("15M")
    Duration lock();
}
