package org.chaekieum.contracts.api;

/** 타관반납: an item returned at another library travels home. */
public enum TransitState {
    /** Returned at a library other than its owner; waiting to be shipped. */
    RETURNED_ELSEWHERE,
    /** On its way home. */
    SHIPPED,
    /** Back at its owning library. */
    BACK_HOME
}
