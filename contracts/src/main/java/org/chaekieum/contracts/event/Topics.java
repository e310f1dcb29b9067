package org.chaekieum.contracts.event;

/** Kafka topics of the federation. Record key: the unified member number. */
public final class Topics {
    /** Every region's member events; the hub consumes them. */
    public static final String MEMBER_EVENTS = "chaekieum.member-events.v1";
    /** What the hub decides; every region consumes it. */
    public static final String NATIONAL_DECISIONS = "chaekieum.national-decisions.v1";
    /** Suffix of the dead-letter topic for records a consumer could not process. */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    private Topics() {
    }
}
