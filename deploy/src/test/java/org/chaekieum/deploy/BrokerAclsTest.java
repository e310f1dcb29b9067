package org.chaekieum.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.metadata.authorizer.StandardAcl;
import org.apache.kafka.metadata.authorizer.StandardAuthorizer;
import org.apache.kafka.server.authorizer.Action;
import org.apache.kafka.server.authorizer.AuthorizableRequestContext;
import org.apache.kafka.server.authorizer.AuthorizationResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The broker's ACL table, judged by Kafka's own StandardAuthorizer (configured as the broker configures it). */
class BrokerAclsTest {

    private static final List<String> REGIONS = List.of("seoul", "gyeonggi");

    private StandardAuthorizer authorizer;
    private Metrics metrics;

    @BeforeEach
    void loadTheTable() {
        authorizer = new StandardAuthorizer();
        metrics = new Metrics();
        authorizer.withPluginMetrics(new PluginMetricsImpl(metrics, Map.of()));
        authorizer.configure(Map.of("super.users", "User:admin", "allow.everyone.if.no.acl.found", "false"));
        for (AclBinding acl : BrokerAcls.of(REGIONS)) {
            authorizer.addAcl(Uuid.randomUuid(), StandardAcl.fromAclBinding(acl));
        }
        authorizer.completeInitialLoad();
    }

    @AfterEach
    void close() throws Exception {
        authorizer.close();
        metrics.close();
    }

    @Test
    void aRegionWritesItsOwnEventsOnlyAndReadsTheDecisions() {
        assertThat(allowed("region-seoul", AclOperation.WRITE, topic("chaekieum.member-events.v1.seoul"))).isTrue();
        assertThat(allowed("region-seoul", AclOperation.CREATE, topic("chaekieum.member-events.v1.seoul"))).isTrue();
        assertThat(allowed("region-seoul", AclOperation.WRITE, topic("chaekieum.member-events.v1.gyeonggi"))).isFalse();
        assertThat(allowed("region-seoul", AclOperation.WRITE, topic("chaekieum.member-events.v1"))).isFalse();
        assertThat(allowed("region-seoul", AclOperation.READ, topic("chaekieum.member-events.v1.gyeonggi"))).isFalse();

        assertThat(allowed("region-seoul", AclOperation.READ, topic("chaekieum.national-decisions.v1"))).isTrue();
        assertThat(allowed("region-seoul", AclOperation.WRITE, topic("chaekieum.national-decisions.v1"))).isFalse();
        assertThat(allowed("region-seoul", AclOperation.WRITE, topic("chaekieum.national-decisions.v1.dlq.seoul")))
                .isTrue();
        assertThat(allowed("region-seoul", AclOperation.WRITE, topic("chaekieum.national-decisions.v1.dlq.gyeonggi")))
                .isFalse();

        assertThat(allowed("region-seoul", AclOperation.READ, group("regional-center-seoul"))).isTrue();
        assertThat(allowed("region-seoul", AclOperation.READ, group("regional-center-gyeonggi"))).isFalse();
        assertThat(allowed("region-seoul", AclOperation.READ, group("national-hub"))).isFalse();
    }

    @Test
    void theHubReadsEveryRegionsEventsAndWritesTheDecisions() {
        for (String region : REGIONS) {
            assertThat(allowed("hub", AclOperation.READ, topic("chaekieum.member-events.v1." + region))).isTrue();
            assertThat(allowed("hub", AclOperation.WRITE, topic("chaekieum.member-events.v1." + region))).isFalse();
            // the dashboard: the regions' lag and dead letters
            assertThat(allowed("hub", AclOperation.DESCRIBE, group("regional-center-" + region))).isTrue();
            assertThat(allowed("hub", AclOperation.READ, group("regional-center-" + region))).isFalse();
            assertThat(allowed("hub", AclOperation.DESCRIBE, topic("chaekieum.national-decisions.v1.dlq." + region)))
                    .isTrue();
            assertThat(allowed("hub", AclOperation.READ, topic("chaekieum.national-decisions.v1.dlq." + region)))
                    .isFalse();
        }
        assertThat(allowed("hub", AclOperation.READ, topic("chaekieum.member-events.v1"))).isTrue();
        assertThat(allowed("hub", AclOperation.WRITE, topic("chaekieum.national-decisions.v1"))).isTrue();
        assertThat(allowed("hub", AclOperation.WRITE, topic("chaekieum.member-events.v1.dlq"))).isTrue();
        assertThat(allowed("hub", AclOperation.READ, group("national-hub"))).isTrue();
        assertThat(allowed("hub", AclOperation.READ, group("national-hub-statistics-g3"))).isTrue();
        assertThat(allowed("hub", AclOperation.WRITE, topic("harness.restart"))).isFalse();
    }

    @Test
    void nobodyElseMayDoAnything() {
        for (String stranger : List.of("ANONYMOUS", "region-busan", "hubx", "mallory")) {
            assertThat(allowed(stranger, AclOperation.READ, topic("chaekieum.national-decisions.v1"))).isFalse();
            assertThat(allowed(stranger, AclOperation.WRITE, topic("chaekieum.member-events.v1.seoul"))).isFalse();
            assertThat(allowed(stranger, AclOperation.DESCRIBE, topic("chaekieum.member-events.v1"))).isFalse();
            assertThat(allowed(stranger, AclOperation.READ, group("national-hub"))).isFalse();
        }
        assertThat(BrokerAcls.of(REGIONS)).allSatisfy(acl -> {
            assertThat(acl.entry().principal()).isIn("User:hub", "User:region-seoul", "User:region-gyeonggi");
            assertThat(acl.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
            assertThat(acl.entry().operation()).isNotEqualTo(AclOperation.ALL);
            assertThat(acl.pattern().resourceType()).isIn(ResourceType.TOPIC, ResourceType.GROUP);
            assertThat(acl.pattern().name()).isNotEqualTo(ResourcePattern.WILDCARD_RESOURCE);
        });
        assertThat(allowed("admin", AclOperation.ALTER, new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster",
                PatternType.LITERAL))).as("the super user").isTrue();
    }

    private boolean allowed(String user, AclOperation operation, ResourcePattern resource) {
        AuthorizationResult result = authorizer.authorize(new Context(user),
                List.of(new Action(operation, resource, 1, false, false))).get(0);
        return result == AuthorizationResult.ALLOWED;
    }

    private static ResourcePattern topic(String name) {
        return new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL);
    }

    private static ResourcePattern group(String name) {
        return new ResourcePattern(ResourceType.GROUP, name, PatternType.LITERAL);
    }

    private record Context(String user) implements AuthorizableRequestContext {
        @Override
        public String listenerName() {
            return "CLIENTS";
        }

        @Override
        public SecurityProtocol securityProtocol() {
            return SecurityProtocol.SASL_SSL;
        }

        @Override
        public KafkaPrincipal principal() {
            return new KafkaPrincipal(KafkaPrincipal.USER_TYPE, user);
        }

        @Override
        public InetAddress clientAddress() {
            return InetAddress.getLoopbackAddress();
        }

        @Override
        public int requestType() {
            return 0;
        }

        @Override
        public int requestVersion() {
            return 0;
        }

        @Override
        public String clientId() {
            return "test";
        }

        @Override
        public int correlationId() {
            return 0;
        }
    }
}
