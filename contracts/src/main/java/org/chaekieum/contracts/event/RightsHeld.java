package org.chaekieum.contracts.event;

import java.time.Instant;

/**
 * rights.held.v1 (region -> hub): rights of a member's national cap moved to or from {@code region} (issue 17), in the
 * transaction that moved them there: {@code CREDITED} (the hub granted them and the region took them) or {@code GIVEN}
 * (the region gave them back at the hub's ask, debited first). {@code held} is what the region holds for the member
 * after the move. {@code moveId} is the move's id at the hub (a grant's or a give's), so the hub applies a give it
 * never heard the answer of exactly once, and compares what each region holds with its ledger (reconciliation).
 */
public record RightsHeld(String memberNumber, String region, String moveId, Kind kind, int count, int held,
                         Instant movedAt) implements EventPayload {

    /** How the rights moved, seen from the region. */
    public enum Kind {
        CREDITED,
        GIVEN
    }

    public RightsHeld {
        Required.field(memberNumber, "memberNumber");
        Required.field(region, "region");
        Required.field(moveId, "moveId");
        Required.field(kind, "kind");
        Required.field(movedAt, "movedAt");
    }
}
