package org.chaekieum.region.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import org.chaekieum.contracts.api.SuspensionPolicy;

/** Circulation defaults and the degraded rule. */
@ConfigMapping(prefix = "chaekieum.circulation")
public interface CirculationConfig {

    /** The policy of a library that has none of its own. */
    DefaultPolicy defaultPolicy();

    Degraded degraded();

    /**
     * How a checkout keeps the national cap: {@code RIGHTS} (the default, issue 17: the region lends on rights of the
     * member's cap it holds and asks the hub only when it holds none free) or {@code RESERVATIONS} (the hub reserves a
     * place for every loan, the design before). Regions switch one by one with a rolling restart: the hub counts the
     * rights other regions hold against a reservation, so a region still reserving never lends on them.
     */
    @WithDefault("RIGHTS")
    NationalCapBy nationalCapBy();

    /** See {@link #nationalCapBy()}. */
    enum NationalCapBy {
        RESERVATIONS,
        RIGHTS
    }

    /** The suspension policy of a library that has none of its own: one day per overdue day, by default. */
    DefaultSuspension defaultSuspension();

    /** How often returns waiting for the hub are retried. */
    @WithDefault("5s")
    Duration pendingReturnInterval();

    /** How often the reports of local library systems kept until they can be applied are tried again. */
    @WithDefault("10s")
    Duration loanReportRetryInterval();

    /**
     * How long after an item was given back its return may be reported and still count from the reported time (a
     * library system's queued report, a return kept while the owning region was away). A return reported later still
     * ends the loan at the reported time, but the overdue rule counts up to when the report arrived, so a backdated
     * return cannot avoid a suspension by more than this.
     */
    @WithDefault("72h")
    Duration returnBackdatingLimit();

    interface DefaultPolicy {
        @WithDefault("5")
        int loanCap();

        @WithDefault("14")
        int loanPeriodDays();

        @WithDefault("1")
        int renewalLimit();

        @WithDefault("14")
        int renewalDays();
    }

    interface DefaultSuspension {
        @WithDefault("0")
        int offsetBefore();

        @WithDefault("1")
        java.math.BigDecimal weight();

        @WithDefault("0")
        int offsetAfter();

        @WithDefault("LARGEST")
        SuspensionPolicy.Counting counting();

        @WithDefault("false")
        boolean skipClosedDays();

        /** 0 = no cap. */
        @WithDefault("0")
        int maxDays();

        @WithDefault("false")
        boolean warnOnly();
    }

    /**
     * What a checkout does when the hub cannot be asked about the national cap (with rights: when this region holds no
     * free right of the member). REFUSE, the default, never overruns the cap. The worst case overrun of BOUNDED, an
     * operator's explicit opt-in, is {@code maxLoansPerMember} per region per member beyond the cap (every region
     * lending its allowance at once); each such loan is marked, counted and reported by the hub.
     */
    interface Degraded {
        @WithDefault("REFUSE")
        Mode mode();

        @WithDefault("2")
        int maxLoansPerMember();

        /** The cap this region assumes for its own count while the hub is away. */
        @WithDefault("20")
        int nationalCap();
    }

    enum Mode {
        /** Lend a bounded number of marked loans; the hub reconciles and reports overruns. */
        BOUNDED,
        /** Refuse every checkout while the hub is away. */
        REFUSE
    }
}
