package org.chaekieum.hub.registry;

import java.util.Optional;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.event.MemberUpdated;

/** Whether the registry applies a region's member update: a pure function, unit-tested without a database. */
public final class LifecycleRules {

    private LifecycleRules() {
    }

    /**
     * @param registryRegion the member's region in the registry (the only region that may change the member)
     * @param current        the member's status in the registry
     * @return why the update is ignored, or empty when it is applied
     */
    public static Optional<String> refuseUpdate(String registryRegion, MemberStatus current, MemberUpdated event) {
        if (!registryRegion.equals(event.region())) {
            return Optional.of("not the member's home region (" + registryRegion + ")");
        }
        if (event.status() == MemberStatus.LINKED || event.status() == MemberStatus.PROVISIONAL) {
            return Optional.of("status " + event.status() + " is decided by the hub, not by an update");
        }
        if (current == MemberStatus.WITHDRAWN) {
            return Optional.of("the member has withdrawn; a withdrawn number never comes back");
        }
        if (current == MemberStatus.LINKED && event.status() != MemberStatus.WITHDRAWN) {
            return Optional.of("the number is linked to another; only a withdrawal applies to it");
        }
        return Optional.empty();
    }
}
