package org.chaekieum.contracts.event;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka topics of the federation. Record key: the unified member number.
 *
 * <p>Each region writes its member events to a topic of its own, {@code chaekieum.member-events.v1.<region id>}, so
 * that the broker's access control proves who wrote a record: only the region's principal may write its topic, and
 * the hub accepts from a topic only events of that region ({@link #regionOfMemberEvents}). Only the hub writes
 * {@link #NATIONAL_DECISIONS}.
 */
public final class Topics {
    /**
     * The member events' name, as the events' type declares it ({@link EventType#topic()}): a region's outbox publishes
     * them to {@link #memberEventsOf its own topic}. Before per-region topics every region wrote here; the hub still
     * reads it, to drain what was written before an upgrade, when its subscription pattern includes it.
     */
    public static final String MEMBER_EVENTS = "chaekieum.member-events.v1";
    /** What the hub decides; every region consumes it. */
    public static final String NATIONAL_DECISIONS = "chaekieum.national-decisions.v1";
    /** Suffix of the dead-letter topic for records a consumer could not process. */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";
    /** Every region's member-events topic (not the dead-letter topic, not the shared pre-upgrade topic). */
    public static final String MEMBER_EVENTS_OF_EVERY_REGION = "chaekieum[.]member-events[.]v1[.](?!dlq$)[a-z0-9][a-z0-9-]*";
    /**
     * What the hub reads: every region's member-events topic and the shared pre-upgrade {@link #MEMBER_EVENTS} (which
     * the broker lets nobody write any more; drained after an upgrade). The hub's
     * {@code mp.messaging.incoming.member-events.topic} holds the same pattern.
     */
    public static final String MEMBER_EVENTS_SUBSCRIPTION = "chaekieum[.]member-events[.]v1([.](?!dlq$)[a-z0-9][a-z0-9-]*)?";

    private static final Pattern REGION_TOPIC = Pattern.compile("chaekieum[.]member-events[.]v1[.]((?!dlq$)[a-z0-9][a-z0-9-]*)");
    private static final Pattern REGION_ID = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private Topics() {
    }

    /** The topic a region writes its member events to, e.g. {@code chaekieum.member-events.v1.seoul}. */
    public static String memberEventsOf(String regionId) {
        if (regionId == null || !REGION_ID.matcher(regionId).matches() || regionId.equals("dlq")) {
            throw new IllegalArgumentException("not a region id for a topic name: " + regionId);
        }
        return MEMBER_EVENTS + "." + regionId;
    }

    /** The region whose member-events topic this is; empty for any other topic (also the shared pre-upgrade one). */
    public static Optional<String> regionOfMemberEvents(String topic) {
        if (topic == null) {
            return Optional.empty();
        }
        Matcher matcher = REGION_TOPIC.matcher(topic);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** Whether the hub reads this topic as member events: a region's topic, or the shared pre-upgrade one. */
    public static boolean isMemberEvents(String topic) {
        return MEMBER_EVENTS.equals(topic) || regionOfMemberEvents(topic).isPresent();
    }

    /** The name a topic's figures are reported under: {@link #MEMBER_EVENTS} for every region's topic, else itself. */
    public static String reportedAs(String topic) {
        return regionOfMemberEvents(topic).isPresent() ? MEMBER_EVENTS : topic;
    }
}
