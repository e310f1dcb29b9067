package org.chaekieum.contracts.event;

import java.time.Instant;
import java.util.List;

/** cap.overrun.v1 (hub -> regions): degraded loans took a member past the national cap; reported, never hidden. */
public record NationalCapOverrun(String memberNumber, int nationalCap, int activeLoans, List<String> degradedLoanIds,
                                 Instant detectedAt) implements EventPayload {
    public NationalCapOverrun {
        Required.field(memberNumber, "memberNumber");
        Required.field(degradedLoanIds, "degradedLoanIds");
        Required.field(detectedAt, "detectedAt");
        degradedLoanIds = List.copyOf(degradedLoanIds);
    }
}
