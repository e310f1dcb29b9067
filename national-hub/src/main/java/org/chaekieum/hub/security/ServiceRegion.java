package org.chaekieum.hub.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.contracts.security.Access;
import org.chaekieum.hub.config.LogSafe;
import org.chaekieum.hub.registry.LibraryRegions;
import org.chaekieum.runtime.problem.ProblemException;
import org.chaekieum.runtime.security.TokenClaims;
import org.jboss.logging.Logger;

/**
 * A regional center's service account acts only for its own region: the region a request names (reservation,
 * return, transit, profile transfer) must be the {@code region} claim of its token, and a library the request names
 * must belong to that region (by the region digits of its code; a library whose digits no configured region claims
 * is refused, never let through). So a leaked credential of
 * one region cannot reserve, return or fetch profiles as another. Checked before anything is read or written.
 */
@RequestScoped
public class ServiceRegion {

    private static final Logger LOG = Logger.getLogger(ServiceRegion.class);

    @Inject
    SecurityIdentity identity;

    @Inject
    LibraryRegions libraries;

    /** Refuses with 403 REGION_NOT_PERMITTED unless the calling region service acts for this region and libraries. */
    public void requireActsFor(String region, String... libraryCodes) {
        if (!identity.hasRole(Access.REGION_SERVICE)) {
            return; // no other role is admitted where this is called
        }
        String own = ownRegion().orElse(null);
        if (own == null) {
            throw refusal(null, region, "no-region-in-token");
        }
        if (region != null && !region.equals(own)) {
            throw refusal(own, region, "other-region", own, region);
        }
        for (String code : libraryCodes) {
            if (code == null || !LibraryCode.isValid(code)) {
                continue; // left out or not a library code: the request's own validation refuses it (400)
            }
            Optional<String> ofLibrary = libraries.regionOf(code);
            if (ofLibrary.isEmpty()) {
                // Fail closed: a library whose region digits no configured region claims cannot be shown to be the
                // caller's (chaekieum.hub.regions."<id>".library-region-code names each region's digits).
                throw refusal(own, null, "library-of-unknown-region", code, own);
            }
            if (!ofLibrary.get().equals(own)) {
                throw refusal(own, ofLibrary.get(), "library-of-other-region", code, ofLibrary.get(), own);
            }
        }
    }

    /**
     * The region of a calling region service (refused with 403 when its token names none); empty for any other role.
     */
    public Optional<String> callerRegion() {
        if (!identity.hasRole(Access.REGION_SERVICE)) {
            return Optional.empty();
        }
        return Optional.of(ownRegion().orElseThrow(() -> refusal(null, null, "no-region-in-token")));
    }

    private Optional<String> ownRegion() {
        return TokenClaims.text(identity, Access.REGION);
    }

    private ProblemException refusal(String own, String asked, String detail, Object... args) {
        LOG.warnf("refused a service call by %s (region %s) for region %s",
                LogSafe.clip(identity.getPrincipal().getName(), 100), LogSafe.clip(own, 40), LogSafe.clip(asked, 40));
        return ProblemException.because(ErrorCode.REGION_NOT_PERMITTED, detail, args)
                .withContext(Map.of("region", asked == null ? "" : asked));
    }
}
