package org.chaekieum.contracts.id;

/** How a unified member number was formed. */
public enum NumberForm {
    /** library code (6) + year (2) + serial (5) + check digit (1): every number this system issues. */
    CHECK_DIGIT,
    /** library code (6) + year (2) + serial (6), no check digit: older members, entering only by migration. */
    LEGACY
}
