package org.chaekieum.deploy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on the local broker: one principal per service, each allowed exactly what the service does, nothing
 * for anyone else (the broker refuses whatever no ACL allows; {@code admin}, the broker's own principal, is its only
 * super user). The table, also in the README's Security section:
 *
 * <table>
 * <tr><th>principal</th><th>resource (pattern)</th><th>operations</th><th>why</th></tr>
 * <tr><td>region-&lt;id&gt;</td><td>topic chaekieum.member-events.v1.&lt;id&gt; (literal)</td><td>WRITE, DESCRIBE, CREATE</td>
 * <td>its outbox relay publishes its members' events (idempotent producer: WRITE on a topic is enough since Kafka 3.0,
 * KIP-679)</td></tr>
 * <tr><td></td><td>topic chaekieum.national-decisions.v1 (literal)</td><td>READ, DESCRIBE</td><td>it applies the hub's
 * decisions</td></tr>
 * <tr><td></td><td>topic chaekieum.national-decisions.v1.dlq.&lt;id&gt; (literal)</td><td>WRITE, DESCRIBE, CREATE</td>
 * <td>decisions it cannot apply</td></tr>
 * <tr><td></td><td>group regional-center-&lt;id&gt; (prefixed)</td><td>READ</td><td>its decisions consumer</td></tr>
 * <tr><td>hub</td><td>topic chaekieum.member-events.v1 (prefixed)</td><td>READ, DESCRIBE</td><td>every region's events
 * (and the older shared topic), for the registry, the statistics and the dashboard's tail</td></tr>
 * <tr><td></td><td>topic chaekieum.national-decisions.v1 (literal)</td><td>WRITE, DESCRIBE, CREATE</td><td>its outbox
 * relay</td></tr>
 * <tr><td></td><td>topic chaekieum.member-events.v1.dlq (literal)</td><td>WRITE, DESCRIBE, CREATE</td><td>events it cannot
 * apply</td></tr>
 * <tr><td></td><td>topic chaekieum.national-decisions.v1.dlq. (prefixed)</td><td>DESCRIBE</td><td>the dashboard counts
 * the regions' dead letters (describe, list offsets)</td></tr>
 * <tr><td></td><td>group national-hub (prefixed)</td><td>READ</td><td>the registry's group {@code national-hub} and the
 * statistics' {@code national-hub-statistics-g<n>} (whose positions it also lists)</td></tr>
 * <tr><td></td><td>group regional-center- (prefixed)</td><td>DESCRIBE</td><td>the dashboard lists the regions' committed
 * positions (their lag)</td></tr>
 * </table>
 */
final class BrokerAcls {

    static final String MEMBER_EVENTS = "chaekieum.member-events.v1";
    static final String NATIONAL_DECISIONS = "chaekieum.national-decisions.v1";
    static final String DEAD_LETTER_SUFFIX = ".dlq";
    static final String HUB = "hub";
    static final String REGION_PREFIX = "region-";
    static final String REGION_GROUP_PREFIX = "regional-center-";
    static final String HUB_GROUP_PREFIX = "national-hub";

    private BrokerAcls() {
    }

    /** The principal of a region's services. */
    static String regionPrincipal(String regionId) {
        return REGION_PREFIX + regionId;
    }

    /** The topic a region publishes its members' events to. */
    static String memberEventsTopic(String regionId) {
        return MEMBER_EVENTS + "." + regionId;
    }

    /** The dead-letter topic of a region's decisions consumer. */
    static String decisionsDeadLetterTopic(String regionId) {
        return NATIONAL_DECISIONS + DEAD_LETTER_SUFFIX + "." + regionId;
    }

    /** Every ACL of the hub and of these regions. */
    static List<AclBinding> of(Collection<String> regionIds) {
        List<AclBinding> acls = new ArrayList<>(hub());
        regionIds.forEach(id -> acls.addAll(region(id)));
        return acls;
    }

    static List<AclBinding> region(String regionId) {
        String principal = regionPrincipal(regionId);
        List<AclBinding> acls = new ArrayList<>();
        allow(acls, principal, topic(memberEventsTopic(regionId), PatternType.LITERAL),
                AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.CREATE);
        allow(acls, principal, topic(NATIONAL_DECISIONS, PatternType.LITERAL), AclOperation.READ, AclOperation.DESCRIBE);
        allow(acls, principal, topic(decisionsDeadLetterTopic(regionId), PatternType.LITERAL),
                AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.CREATE);
        allow(acls, principal, group(REGION_GROUP_PREFIX + regionId), AclOperation.READ);
        return acls;
    }

    static List<AclBinding> hub() {
        List<AclBinding> acls = new ArrayList<>();
        allow(acls, HUB, topic(MEMBER_EVENTS, PatternType.PREFIXED), AclOperation.READ, AclOperation.DESCRIBE);
        allow(acls, HUB, topic(NATIONAL_DECISIONS, PatternType.LITERAL),
                AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.CREATE);
        allow(acls, HUB, topic(MEMBER_EVENTS + DEAD_LETTER_SUFFIX, PatternType.LITERAL),
                AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.CREATE);
        allow(acls, HUB, topic(NATIONAL_DECISIONS + DEAD_LETTER_SUFFIX + ".", PatternType.PREFIXED), AclOperation.DESCRIBE);
        allow(acls, HUB, group(HUB_GROUP_PREFIX), AclOperation.READ);
        allow(acls, HUB, group(REGION_GROUP_PREFIX), AclOperation.DESCRIBE);
        return acls;
    }

    private static ResourcePattern topic(String name, PatternType type) {
        return new ResourcePattern(ResourceType.TOPIC, name, type);
    }

    private static ResourcePattern group(String prefix) {
        return new ResourcePattern(ResourceType.GROUP, prefix, PatternType.PREFIXED);
    }

    private static void allow(List<AclBinding> acls, String principal, ResourcePattern resource, AclOperation... operations) {
        for (AclOperation operation : operations) {
            acls.add(new AclBinding(resource,
                    new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW)));
        }
    }
}
