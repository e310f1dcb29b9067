package org.chaekieum.region.config;

import io.smallrye.config.ConfigMapping;

/** Secret of the keyed identity hash. Shared by every region so that the hub can compare hashes. */
@ConfigMapping(prefix = "chaekieum.identity")
public interface IdentityConfig {
    /** HMAC key; production supplies it through CHAEKIEUM_IDENTITY_HASH_KEY. */
    String hashKey();
}
