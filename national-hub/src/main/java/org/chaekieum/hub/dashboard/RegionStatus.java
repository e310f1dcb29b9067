package org.chaekieum.hub.dashboard;

import java.time.Instant;

/**
 * A region as the hub last saw it, refreshed in the background ({@link RegionWatch}).
 *
 * @param health           whether its center answered its health check, and how
 * @param checkedAt        when it was last asked (null: not yet)
 * @param lastEventAt      the newest member event it sent (time the broker took it); null: none seen since the hub
 *                         started
 * @param outboxBacklog    its events not yet published (from its health check; null when it did not answer)
 * @param decisionsWaiting the hub's decisions on the broker that its consumer has not applied yet (its consumer lag)
 * @param deadLetters      decisions it could not apply (its dead-letter topic)
 */
public record RegionStatus(String region, Health health, Instant checkedAt, Instant lastEventAt, Long outboxBacklog,
                           Long decisionsWaiting, Long deadLetters) {

    public enum Health {
        /** Its center answered: every check up. */
        UP,
        /** Its center answered, with a check down. */
        DOWN,
        /** No answer within the timeout. */
        UNREACHABLE,
        /** The hub has no URL for it. */
        NOT_CONFIGURED,
        /** Not asked yet. */
        UNKNOWN
    }

    public static RegionStatus unknown(String region) {
        return new RegionStatus(region, Health.UNKNOWN, null, null, null, null, null);
    }
}
