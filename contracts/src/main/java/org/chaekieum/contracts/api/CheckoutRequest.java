package org.chaekieum.contracts.api;

/** Body of {@code POST /api/v1/libraries/{libraryCode}/checkouts}. */
public record CheckoutRequest(String memberNumber, String itemBarcode) {
}
