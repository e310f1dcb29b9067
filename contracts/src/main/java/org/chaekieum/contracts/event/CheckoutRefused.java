package org.chaekieum.contracts.event;

import java.time.Instant;

/**
 * checkout.refused.v1 (region -> hub): a checkout at {@code libraryCode} of {@code region} was refused by a circulation
 * rule at {@code refusedAt}; {@code reason} is the refusal's error code (e.g. {@code LIBRARY_CAP_REACHED},
 * {@code NATIONAL_CAP_REACHED} as the hub answered the region). For the national statistics of refusals by reason:
 * nothing else of the request is announced (no item, no personal data); the member number is there only because it is
 * the subject and record key of every member event, so that the member's events stay in order. A client's malformed
 * request is never announced.
 */
public record CheckoutRefused(String memberNumber, String libraryCode, String region, String reason,
                              Instant refusedAt) implements EventPayload {
    public CheckoutRefused {
        Required.field(memberNumber, "memberNumber");
        Required.field(libraryCode, "libraryCode");
        Required.field(region, "region");
        Required.field(reason, "reason");
        Required.field(refusedAt, "refusedAt");
    }
}
