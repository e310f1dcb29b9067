package org.chaekieum.hub.client;

/** A home region answered in a way worth retrying and counting against its circuit breaker (5xx, unusable 200). */
public class HomeRegionFailure extends RuntimeException {
    public HomeRegionFailure(String message) {
        super(message, null, false, false);
    }
}
