package org.chaekieum.hub.registry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.chaekieum.hub.config.HubConfig;
import org.chaekieum.hub.config.LogSafe;
import org.chaekieum.hub.ledger.NationalCapRule;
import org.jboss.logging.Logger;

/**
 * Which region a library belongs to, from the two region digits of its code (type(1) + region(2) + serial(3)) and
 * {@code chaekieum.hub.regions."<id>".library-region-code}; and which national cap applies to a region's members.
 */
@ApplicationScoped
public class LibraryRegions {

    private static final Logger LOG = Logger.getLogger(LibraryRegions.class);

    @Inject
    HubConfig config;

    private volatile Map<String, String> byDigits;

    /** The region id of a library code, empty when no region claims its digits. */
    public Optional<String> regionOf(String libraryCode) {
        if (libraryCode == null || libraryCode.length() != 6) {
            return Optional.empty();
        }
        return Optional.ofNullable(byDigits().get(libraryCode.substring(1, 3)));
    }

    /** The national cap of a member whose home region (or, if unknown, requesting region) this is. */
    public int capOf(String region) {
        HubConfig.RegionEndpoint settings = region == null ? null : config.regions().get(region);
        return NationalCapRule.capOf(config.nationalCap(),
                settings == null ? Optional.empty() : settings.nationalCap());
    }

    /** Whether any region overrides the national cap (when none does, the home region need not be looked up). */
    public boolean anyRegionalCap() {
        return config.regions().values().stream().anyMatch(r -> r.nationalCap().isPresent());
    }

    private Map<String, String> byDigits() {
        Map<String, String> map = byDigits;
        if (map == null) {
            map = new HashMap<>();
            for (Map.Entry<String, HubConfig.RegionEndpoint> e : config.regions().entrySet()) {
                Optional<String> digits = e.getValue().libraryRegionCode().map(String::trim);
                if (digits.isEmpty()) {
                    continue;
                }
                if (!digits.get().matches("[0-9]{2}")) {
                    LOG.errorf("configuration error: chaekieum.hub.regions.\"%s\".library-region-code must be 2 "
                            + "digits; ignored", LogSafe.clip(e.getKey(), 32));
                    continue;
                }
                String previous = map.putIfAbsent(digits.get(), e.getKey());
                if (previous != null) {
                    LOG.errorf("configuration error: library region code %s claimed by %s and %s; %s is used",
                            digits.get(), previous, LogSafe.clip(e.getKey(), 32), previous);
                }
            }
            byDigits = Map.copyOf(map);
        }
        return map;
    }
}
