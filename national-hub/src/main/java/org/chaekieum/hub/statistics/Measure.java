package org.chaekieum.hub.statistics;

/**
 * The figures kept per library and day, in the order of their columns in {@code statistics.library_day}. Each is a
 * count of events of one kind (see {@link StatisticsRules} for which event counts where).
 */
public enum Measure {
    /** Loans made at the library (loan.created), degraded ones included. */
    CHECKOUTS("checkouts"),
    /** Of those, loans made without the hub's reservation (hub unreachable, or reported after the fact). */
    DEGRADED_CHECKOUTS("degraded_checkouts"),
    /** Loans of the library that ended (loan.returned), wherever the item was given back. */
    RETURNS("returns"),
    /** Items of other libraries given back at this library (타관반납 taken in). */
    RETURNS_ELSEWHERE("returns_elsewhere"),
    /** Due dates of the library's loans moved (loan.renewed). */
    RENEWALS("renewals"),
    /** Members enrolled at the library (member.enrolled; provisional ones included). */
    ENROLLMENTS("enrollments"),
    /** Members registered at the library from another library's record (member.imported, 반입). */
    IMPORTS("imports"),
    /** Suspensions from borrowing set by the library (member.suspended). */
    SUSPENSIONS("suspensions"),
    /** Checkouts refused with NATIONAL_CAP_REACHED (checkout.refused). */
    REFUSED_NATIONAL_CAP("refused_national_cap"),
    /** Checkouts refused with LIBRARY_CAP_REACHED. */
    REFUSED_LIBRARY_CAP("refused_library_cap"),
    /** Checkouts refused with MEMBER_SUSPENDED. */
    REFUSED_SUSPENDED("refused_suspended"),
    /** Checkouts refused with NATIONAL_CAP_UNVERIFIABLE (hub unreachable and the degraded rule said no). */
    REFUSED_CAP_UNVERIFIABLE("refused_cap_unverifiable"),
    /** Checkouts refused by any other rule (IMPORT_REQUIRED, ASSOCIATE_CANNOT_BORROW, MEMBER_NOT_ACTIVE, ...). */
    REFUSED_OTHER("refused_other"),
    /** Members who borrowed at the library that day, each counted once (see {@link StatisticsRules}). */
    BORROWERS("borrowers");

    private final String column;

    Measure(String column) {
        this.column = column;
    }

    /** Its column in {@code statistics.library_day}. */
    public String column() {
        return column;
    }
}
