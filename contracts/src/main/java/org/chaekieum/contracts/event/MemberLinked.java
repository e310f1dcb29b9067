package org.chaekieum.contracts.event;

import java.time.Instant;

/** member.linked.v1: a region retired a duplicate number and linked it to the person's older number. */
public record MemberLinked(String memberNumber, String linkedTo, String region, Instant linkedAt) implements EventPayload {
    public MemberLinked {
        Required.field(memberNumber, "memberNumber");
        Required.field(linkedTo, "linkedTo");
        Required.field(region, "region");
        Required.field(linkedAt, "linkedAt");
    }
}
