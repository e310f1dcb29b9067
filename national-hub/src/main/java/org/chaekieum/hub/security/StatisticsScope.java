package org.chaekieum.hub.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.List;
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
            throw refusal(null, askedRegion, "The operator's token names no region.",
                    "운영자 토큰에 지역이 없습니다.");
        }
        if (askedRegion != null && !askedRegion.equals(own)) {
            throw refusal(own, askedRegion, "Region " + own + "'s operator may not read the figures of region "
                    + askedRegion + ".", own + " 지역 운영자는 " + askedRegion + " 지역의 통계를 볼 수 없습니다.");
        }
        if (askedLibrary != null) {
            Optional<String> ofLibrary = libraries.regionOf(askedLibrary);
            if (ofLibrary.isPresent() && !ofLibrary.get().equals(own)) {
                throw refusal(own, ofLibrary.get(), "Library " + askedLibrary + " belongs to region "
                        + ofLibrary.get() + ", not to " + own + ".", askedLibrary + " 도서관은 " + own + "이 아닌 "
                        + ofLibrary.get() + " 지역 소속입니다.");
            }
        }
        return own;
    }

    private ProblemException refusal(String own, String asked, String detail, String detailKo) {
        LOG.infof("statistics refused to %s (region %s) for region %s", identity.getPrincipal().getName(), own, asked);
        return new ProblemException(ErrorCode.REGION_NOT_PERMITTED, detail, detailKo, List.of(),
                Map.of("region", asked == null ? "" : asked));
    }
}
