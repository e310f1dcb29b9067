package org.chaekieum.region.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import org.chaekieum.testsupport.KafkaResource;
import org.chaekieum.testsupport.OidcResource;
import org.chaekieum.testsupport.PostgresResource;

/**
 * The real PostgreSQL and Kafka broker and the test OIDC server, started once for every test class of this module.
 * Tests of behaviour call with a token that holds every role for the test libraries (OidcResource); AccessMatrixTest
 * tests each role alone.
 */
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = OidcResource.class, initArgs = {
        @ResourceArg(name = "region", value = "seoul"),
        @ResourceArg(name = "libraries", value = "111001,111002,111003,111004")})
public final class RealInfrastructure {
    private RealInfrastructure() {
    }
}
