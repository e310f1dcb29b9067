package org.chaekieum.contracts.api;

/** Body of {@code POST /api/v1/libraries/{libraryCode}/returns}: any item of the federation, at any library. */
public record ReturnRequest(String itemBarcode) {
}
