package org.chaekieum.contracts.event;

import java.time.Instant;

/**
 * member.suspension-lifted.v1 (region -> hub): a suspension set by the libraries of {@code region} was lifted, for a
 * reason. Suspensions set by other regions' libraries stay.
 * <ul>
 *   <li>{@code libraryCode} null (absent, as in every event written before the field existed): an operator of the
 *   region lifted the member's suspensions set by EVERY library of that region.</li>
 *   <li>{@code libraryCode} present: a library system lifted the suspension its own library set (the library-scoped
 *   lift); only that library's suspension ends, those set by the region's other libraries stay.</li>
 * </ul>
 */
public record MemberSuspensionLifted(String memberNumber, String region, String reason, Instant liftedAt,
                                     String libraryCode) implements EventPayload {

    /** An operator's lift: the suspensions set by every library of {@code region}. */
    public MemberSuspensionLifted(String memberNumber, String region, String reason, Instant liftedAt) {
        this(memberNumber, region, reason, liftedAt, null);
    }

    public MemberSuspensionLifted {
        Required.field(memberNumber, "memberNumber");
        Required.field(region, "region");
        Required.field(reason, "reason");
        Required.field(liftedAt, "liftedAt");
    }
}
