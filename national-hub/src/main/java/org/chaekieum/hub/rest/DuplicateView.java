package org.chaekieum.hub.rest;

import java.time.Instant;

/** A number the registry linked to an older number of the same person. */
public record DuplicateView(String memberNumber, String issuingLibrary, String region, String linkedTo,
                            Instant registeredAt, Instant linkedAt) {
}
