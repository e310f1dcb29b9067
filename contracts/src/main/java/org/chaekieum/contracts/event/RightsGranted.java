package org.chaekieum.contracts.event;

import java.time.Instant;

/**
 * rights.granted.v1 (hub -> regions): the hub's ledger gave {@code count} rights of a member's national cap to
 * {@code region} under {@code moveId} (issue 17), in the transaction that recorded the grant. The region named credits
 * them once per move id: a grant whose answer was lost on the way (a timeout, a crash) still reaches the region, so a
 * right the ledger gave is never held nowhere. Other regions ignore it.
 */
public record RightsGranted(String memberNumber, String region, String moveId, int count, int held, int cap,
                            Instant grantedAt) implements EventPayload {
    public RightsGranted {
        Required.field(memberNumber, "memberNumber");
        Required.field(region, "region");
        Required.field(moveId, "moveId");
        Required.field(grantedAt, "grantedAt");
    }
}
