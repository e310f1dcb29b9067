package org.chaekieum.region.support;

import io.quarkus.test.common.QuarkusTestResource;
import org.chaekieum.testsupport.KafkaResource;
import org.chaekieum.testsupport.PostgresResource;

/** The real PostgreSQL and Kafka broker, started once for every test class of this module. */
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
public final class RealInfrastructure {
    private RealInfrastructure() {
    }
}
