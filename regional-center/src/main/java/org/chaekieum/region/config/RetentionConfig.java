package org.chaekieum.region.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long an inactive member's personal data is kept. */
@ConfigMapping(prefix = "chaekieum.retention")
public interface RetentionConfig {
    /** Members without activity (enrollment, import, change; loans later) for this many years are erased. */
    @WithDefault("5")
    int inactiveYears();

    /** When the nightly run starts (Quartz-style cron, read by the scheduler). */
    @WithDefault("0 0 3 * * ?")
    String cron();
}
