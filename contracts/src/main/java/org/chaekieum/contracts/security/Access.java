package org.chaekieum.contracts.security;

/**
 * Who may call what in the federation: the realm roles and token claims every service reads from an OIDC access
 * token. Names are part of the integration contract (identity providers are configured with them) and never change.
 */
public final class Access {

    /** A library system or kiosk (client-credentials); may act only for the library codes in {@link #LIBRARY_CODES}. */
    public static final String LIBRARY_SYSTEM = "library-system";
    /**
     * A regional operator; may act only in the region named by {@link #REGION} (at the hub: that region's statistics).
     */
    public static final String REGION_OPERATOR = "region-operator";
    /**
     * The national library's monitoring staff: read-only national views, and the recount (rebuild) of the hub's
     * statistics, which are derived from the events and change no record.
     */
    public static final String NATIONAL_MONITOR = "national-monitor";
    /** A regional center calling the hub with its own service account; {@link #REGION} names the region. */
    public static final String REGION_SERVICE = "region-service";
    /** The national hub calling a regional center with its own service account. */
    public static final String HUB_SERVICE = "hub-service";

    /** Claim: the library codes (6 digits each) a library system acts for, a JSON array (or one space-separated string). */
    public static final String LIBRARY_CODES = "library_codes";
    /** Claim: the region id (as in the services' configuration, e.g. "seoul") an operator or region service acts for. */
    public static final String REGION = "region";

    /** The audience every access token for the federation's APIs must carry. */
    public static final String DEFAULT_AUDIENCE = "chaekieum";

    private Access() {
    }
}
