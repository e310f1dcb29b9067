package org.chaekieum.hub.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.security.Access;
import org.chaekieum.hub.registry.LibraryRegions;
import org.chaekieum.runtime.problem.ProblemException;
import org.chaekieum.runtime.security.TokenClaims;
import org.jboss.logging.Logger;

/**
 * Whose figures a statistics caller sees. A national monitor sees every region (or the one it asks for). A regional
 * operator ({@code region-operator}) sees its own region only, the one its token's {@code region} claim names: every
 * query is confined to it, and asking for another region, or for a library the hub places in another region, is
 * {@code 403 REGION_NOT_PERMITTED} (as is a token without the claim). The confinement is a value the query is run
 * with, not a check beside it, so the statistics cannot be read unconfined.
 */
@RequestScoped
public class StatisticsScope {

    private static final Logger LOG = Logger.getLogger(StatisticsScope.class);

    @Inject
    SecurityIdentity identity;

    @Inject
    LibraryRegions libraries;

    /**
     * The region the caller's query is confined to: the region asked (null for all) for a national monitor, the
     * operator's own region otherwise.
     */
    public String regionFor(String askedRegion, String askedLibrary) {
        if (identity.hasRole(Access.NATIONAL_MONITOR)) {
            return askedRegion;
        }
        String own = TokenClaims.text(identity, Access.REGION).orElse(null);
        if (own == null) {
            throw refusal(null, askedRegion, "statistics-no-region");
        }
        if (askedRegion != null && !askedRegion.equals(own)) {
            throw refusal(own, askedRegion, "statistics-other-region", own, askedRegion);
        }
        if (askedLibrary != null) {
            Optional<String> ofLibrary = libraries.regionOf(askedLibrary);
            if (ofLibrary.isPresent() && !ofLibrary.get().equals(own)) {
                throw refusal(own, ofLibrary.get(), "statistics-other-library", askedLibrary, ofLibrary.get(), own);
            }
        }
        return own;
    }

    private ProblemException refusal(String own, String asked, String detail, Object... args) {
        LOG.infof("statistics refused to %s (region %s) for region %s", identity.getPrincipal().getName(), own, asked);
        return ProblemException.because(ErrorCode.REGION_NOT_PERMITTED, detail, args)
                .withContext(Map.of("region", asked == null ? "" : asked));
    }
}
