package org.chaekieum.hub.rest;

import java.time.Instant;

/** A number the hub refused, for monitoring. */
public record RefusalView(String memberNumber, String region, String errorCode, String reason, String refusedEventId,
                          Instant refusedAt) {
}
