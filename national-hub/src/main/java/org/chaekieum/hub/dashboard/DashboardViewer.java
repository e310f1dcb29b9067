package org.chaekieum.hub.dashboard;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.security.Access;
import org.chaekieum.hub.config.HubConfig;
import org.chaekieum.hub.registry.LibraryRegions;
import org.chaekieum.runtime.problem.ProblemException;
import org.chaekieum.runtime.security.TokenClaims;

/**
 * Who looks at the dashboard and what they may see: a national monitor sees every region and library; a regional
 * operator (role {@code region-operator}) only its own region (its {@code region} claim) and that region's libraries,
 * with the same figures. Every page and feed asks here before it computes anything; a refusal is
 * {@code 403 REGION_NOT_PERMITTED} (an operator whose token names no region sees nothing).
 */
@RequestScoped
public class DashboardViewer {

    @Inject
    SecurityIdentity identity;

    @Inject
    LibraryRegions libraryRegions;

    @Inject
    HubConfig hubConfig;

    public boolean national() {
        return identity.hasRole(Access.NATIONAL_MONITOR);
    }

    /** The operator's region, when the viewer is a regional operator and not a national monitor. */
    public Optional<String> operatorRegion() {
        if (national() || !identity.hasRole(Access.REGION_OPERATOR)) {
            return Optional.empty();
        }
        return TokenClaims.text(identity, Access.REGION);
    }

    /** The national figures: national monitors only. */
    public void requireNational() {
        if (!national()) {
            throw refusal(null);
        }
    }

    /** A region's figures: a national monitor, or that region's operator; 404 for a region the hub does not know. */
    public void requireRegion(String region) {
        if (!national() && !operatorRegion().map(own -> own.equals(region)).orElse(false)) {
            throw refusal(region);
        }
        if (!hubConfig.regions().containsKey(region)) {
            throw ProblemException.because(ErrorCode.NOT_FOUND, "dashboard-region", region);
        }
    }

    /**
     * A library's figures: a valid code (400 LIBRARY_CODE_INVALID otherwise), seen by a national monitor or by the
     * operator of the library's region (by the region digits of its code).
     */
    public void requireLibrary(String libraryCode) {
        if (libraryCode == null || !libraryCode.matches("[0-9]{6}")) {
            throw new ProblemException(ErrorCode.LIBRARY_CODE_INVALID);
        }
        if (national()) {
            return;
        }
        Optional<String> own = operatorRegion();
        if (own.isEmpty() || !libraryRegions.regionOf(libraryCode).map(own.get()::equals).orElse(false)) {
            throw refusal(libraryRegions.regionOf(libraryCode).orElse(null));
        }
    }

    private ProblemException refusal(String region) {
        String own = operatorRegion().orElse(null);
        ProblemException refusal = own == null
                ? ProblemException.because(ErrorCode.REGION_NOT_PERMITTED, "dashboard-monitors-only")
                : ProblemException.because(ErrorCode.REGION_NOT_PERMITTED, "dashboard-own-region-only", own);
        return refusal.withContext(Map.of("region", region == null ? "" : region));
    }
}
