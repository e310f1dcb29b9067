package org.chaekieum.contracts.api;

/** A modifier of a member's category, valid until an expiry date (e.g. a larger loan cap). */
public enum CategoryModifier {
    /** 다자녀가정: a multi-child household (e.g. per-library cap 7 -> 10 in Yongin). */
    MULTI_CHILD
}
