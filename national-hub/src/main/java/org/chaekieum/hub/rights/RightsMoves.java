package org.chaekieum.hub.rights;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import java.util.UUID;
import org.chaekieum.contracts.api.RightsGrant;
import org.chaekieum.hub.client.RightsGateway;
import org.chaekieum.hub.config.LogSafe;
import org.chaekieum.runtime.problem.ProblemException;
import org.jboss.logging.Logger;

/**
 * A region's ask for rights, whole (issue 17): grant what is unallocated; if nothing is, ask the other holders, one by
 * one, to give back unused rights, and grant what came back. Each give is debited at its region first, answered, then
 * recorded here and granted in one transaction, so a right is never in two places. No transaction is open during a
 * call to a region: the member's lock is held only while the ledger changes.
 *
 * <p>A give's id is derived from the ask's id and the giving region, so the same ask again (a region that lost the
 * answer) asks each holder under the same id and is answered the same: nothing is given or granted twice.
 */
@ApplicationScoped
public class RightsMoves {

    private static final Logger LOG = Logger.getLogger(RightsMoves.class);

    private final RightsLedger ledger;
    private final RightsGateway gateway;

    RightsMoves(RightsLedger ledger, RightsGateway gateway) {
        this.ledger = ledger;
        this.gateway = gateway;
    }

    /** What {@code region} is granted for its ask {@code moveId}: 0 only when no holder could give. */
    public RightsGrant ask(String memberNumber, String region, String moveId) throws Exception {
        RightsGrant grant = ledger.grant(memberNumber, region, moveId);
        if (grant.granted() > 0) {
            return grant;
        }
        for (MemberRights.Ask ask : ledger.asks(memberNumber, region)) {
            String giveId = giveId(moveId, ask.region());
            OptionalInt given = gateway.give(ask.region(), memberNumber, giveId, ask.count());
            if (given.isEmpty() || given.getAsInt() == 0) {
                continue;
            }
            try {
                ledger.givenBack(memberNumber, ask.region(), giveId, given.getAsInt());
            } catch (ProblemException e) {
                // The region gave more than the ledger says it holds: never credited to anyone; reconciliation shows it.
                LOG.errorf("region %s gave %d rights of %s (move %s) the ledger does not give it: %s",
                        LogSafe.clip(ask.region(), 32), given.getAsInt(), memberNumber, giveId, e.code());
                continue;
            }
            grant = ledger.grant(memberNumber, region, moveId);
            if (grant.granted() > 0) {
                return grant;
            }
        }
        // Rights another ask had given back may have become unallocated meanwhile, not yet granted: one last look.
        return ledger.grant(memberNumber, region, moveId);
    }

    /** The id of the give that ask {@code moveId} asks of {@code region}: the same for the same ask, 36 characters. */
    static String giveId(String moveId, String region) {
        return UUID.nameUUIDFromBytes(("give:" + moveId + ":" + region).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
