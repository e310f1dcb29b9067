package org.chaekieum.region.config;

import io.smallrye.config.ConfigMapping;
import java.util.Set;
import org.chaekieum.contracts.id.LibraryCode;

/** The region this instance serves and its libraries. */
@ConfigMapping(prefix = "chaekieum.region")
public interface RegionConfig {

    /** Region id, e.g. {@code seoul}; also the CloudEvents source of this region's events. */
    String id();

    /** Library codes served by this regional center. */
    Set<String> libraries();

    default boolean serves(LibraryCode library) {
        return libraries().contains(library.value());
    }

    default String eventSource() {
        return "/chaekieum/regions/" + id();
    }
}
