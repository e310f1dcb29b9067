package org.chaekieum.contracts.api;

/**
 * A request a regional center's service account sends to the hub on behalf of its own region: the region it acts for
 * and the library it names. The hub admits it only when that region is the caller's own and the library belongs to
 * it, before anything is read or written.
 */
public interface RegionBound {

    /** The region the request acts for (null when the request leaves it out: refused as naming no region). */
    String actingRegion();

    /** The library the request names, or null. */
    String actingLibrary();
}
